// Copies the text of the element a button names; served from XSEN itself (no inline script).
document.querySelectorAll('button[data-copy]').forEach(function (button) {
  button.addEventListener('click', function () {
    var text = document.getElementById(button.dataset.copy).textContent;
    navigator.clipboard.writeText(text).then(function () {
      button.textContent = 'Copied';
    });
  });
});
