package io.xsen.orchestrator.usage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Runs the reservations that requests wait for as batches: one statement for every
 * reservation asked for while the previous statement ran, so a burst of customers
 * starting a new minute costs a few round trips instead of one each.
 *
 * @param <K> a reservation, answered by identity: two alike are two reservations
 * @param <G> what it got
 */
final class ReservationBatcher<K, G> implements AutoCloseable {

	private static final int MAX_BATCH = 500;

	private final BlockingQueue<Pending<K, G>> queue = new LinkedBlockingQueue<>();

	private final Function<List<K>, Map<K, G>> statement;

	private final BiConsumer<K, G> orphaned;

	private final Duration timeout;

	private final Thread worker;

	/**
	 * @param orphaned gives back what a reservation got after its caller stopped waiting
	 */
	ReservationBatcher(String name, Duration timeout, Function<List<K>, Map<K, G>> statement,
			BiConsumer<K, G> orphaned) {
		this.statement = statement;
		this.orphaned = orphaned;
		this.timeout = timeout;
		this.worker = new Thread(this::work, name);
		this.worker.setDaemon(true);
		this.worker.start();
	}

	/**
	 * Waits for the reservation, run with those asked for at about the same time.
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot answer
	 * in time
	 */
	G reserve(K key) {
		Pending<K, G> pending = new Pending<>(key, new CompletableFuture<>());
		this.queue.add(pending);
		try {
			return pending.answer().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (TimeoutException ex) {
			DataAccessResourceFailureException failure = new DataAccessResourceFailureException(
					"Usage counters did not answer within " + this.timeout, ex);
			if (pending.answer().completeExceptionally(failure)) {
				throw failure;
			}
			// Answered as the wait ended.
			return pending.answer().join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DataAccessResourceFailureException("Interrupted while reserving usage", ex);
		}
	}

	/**
	 * Runs a batch in rounds in which each row is changed once (a statement may change a
	 * row only once) and rows are taken in one order on every instance (so two statements
	 * never wait on each other's rows).
	 */
	static <R, K, A> Map<R, A> inRounds(List<R> batch, Function<R, K> row, Comparator<K> order,
			Function<List<R>, Map<R, A>> statement) {
		Map<R, A> answers = new IdentityHashMap<>();
		List<R> left = batch;
		while (!left.isEmpty()) {
			Map<K, R> round = new TreeMap<>(order);
			List<R> later = new ArrayList<>();
			left.forEach(reservation -> {
				if (round.putIfAbsent(row.apply(reservation), reservation) != null) {
					later.add(reservation);
				}
			});
			answers.putAll(statement.apply(List.copyOf(round.values())));
			left = later;
		}
		return answers;
	}

	private void work() {
		List<Pending<K, G>> batch = new ArrayList<>();
		while (!Thread.currentThread().isInterrupted()) {
			try {
				batch.add(this.queue.take());
			}
			catch (InterruptedException ex) {
				return;
			}
			this.queue.drainTo(batch, MAX_BATCH - 1);
			// A caller that stopped waiting wants nothing reserved.
			batch.removeIf(pending -> pending.answer().isDone());
			try {
				Map<K, G> answers = batch.isEmpty() ? Map.of()
						: this.statement.apply(batch.stream().map(Pending::key).toList());
				for (Pending<K, G> pending : batch) {
					G answer = answers.get(pending.key());
					if (answer == null) {
						pending.answer().completeExceptionally(new IllegalStateException("No reservation returned"));
					}
					else if (!pending.answer().complete(answer)) {
						this.orphaned.accept(pending.key(), answer);
					}
				}
			}
			// Whatever failed, the worker lives on for the next batch.
			catch (Throwable ex) {
				RuntimeException failure = (ex instanceof RuntimeException runtime) ? runtime
						: new IllegalStateException(ex);
				batch.forEach(pending -> pending.answer().completeExceptionally(failure));
			}
			batch.clear();
		}
	}

	@Override
	public void close() {
		this.worker.interrupt();
	}

	private record Pending<K, G>(K key, CompletableFuture<G> answer) {
	}

}
