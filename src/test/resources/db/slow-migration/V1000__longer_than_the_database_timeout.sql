-- Stands for a migration that works for a while without a byte to the client, as an index build on a big table does.
SELECT pg_sleep(2);
