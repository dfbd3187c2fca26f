-- One consumer step: take the next batch (if any), count its events, record the count and finish
-- the batch in one transaction: the exactly-once pattern for a consumer whose target is the same
-- database (a crash before commit re-delivers the batch; after commit it is done).
begin;
select coalesce(pgq.next_batch('replika', 'demo_consumer')::text, '') as batch_id \gset
select :'batch_id' <> '' as have_batch \gset
\if :have_batch
insert into demo_consumed (batch_id, events)
select :'batch_id'::bigint, count(*) from pgq.get_batch_events(:'batch_id'::bigint);
select pgq.finish_batch(:'batch_id'::bigint);
\endif
commit;
