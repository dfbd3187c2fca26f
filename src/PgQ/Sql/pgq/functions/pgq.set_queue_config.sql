-- Changes one setting of a queue. The parameter may be given with or without its "queue_"
-- prefix. Unlike the original, values are validated (a zero rotation period or a negative lag
-- would silently break ticking or rotation), and disable_insert / per_tx_limit are settable too.
-- Changing those two waits up to a second for transactions that inserted through the queue's view
-- (see pgq._queue_event_view_sync).
create or replace function pgq.set_queue_config(x_queue_name text, x_param_name text, x_param_value text)
returns integer
language plpgsql security definer
set search_path = pg_catalog
as $$
declare
    param text;
    settable constant text[] := array['ticker_max_count', 'ticker_max_lag', 'ticker_idle_period', 'ticker_paused',
                                      'rotation_period', 'external_ticker', 'disable_insert', 'per_tx_limit'];
    ival interval;
    nval bigint;
    old_lock_timeout constant text := current_setting('lock_timeout');
begin
    if x_queue_name is null or x_param_name is null then
        raise exception 'Invalid NULL value';
    end if;
    perform 1 from pgq.queue where queue_name = x_queue_name;
    if not found then
        raise exception 'No such event queue';
    end if;

    param := lower(x_param_name);
    if param like 'queue\_%' then
        param := substr(param, 7);
    end if;
    if not param = any (settable) then
        raise exception 'cannot change parameter "%" of queue "%": settable are %', x_param_name, x_queue_name,
            array_to_string(settable, ', ');
    end if;

    if x_param_value is null and param <> 'per_tx_limit' then
        raise exception 'invalid value NULL for parameter "%" of queue "%"', param, x_queue_name;
    end if;
    begin
        if param in ('ticker_max_lag', 'ticker_idle_period', 'rotation_period') then
            ival := x_param_value::interval;
            if ival < interval '0' or (param <> 'ticker_max_lag' and ival = interval '0') then
                raise exception using errcode = '22023';
            end if;
        elsif param in ('ticker_max_count', 'per_tx_limit') and x_param_value is not null then
            nval := x_param_value::bigint;
            if nval < 0 or nval > 2147483647 or (param = 'ticker_max_count' and nval = 0) then
                raise exception using errcode = '22023';
            end if;
        elsif param in ('ticker_paused', 'external_ticker', 'disable_insert') then
            perform x_param_value::boolean;
        end if;
    exception when data_exception then
        raise exception 'invalid value "%" for parameter "%" of queue "%": %', x_param_value, param, x_queue_name,
            case when param in ('ticker_max_lag') then 'give a non-negative interval such as ''3 seconds'''
                 when param in ('ticker_idle_period', 'rotation_period') then 'give a positive interval such as ''1 minute'''
                 when param = 'ticker_max_count' then 'give a positive integer'
                 when param = 'per_tx_limit' then 'give a non-negative integer, or NULL for no limit'
                 else 'give true or false' end
            using errcode = '22023';
    end;

    -- disable_insert and per_tx_limit change the queue's view (pgq._queue_event_view_sync), which
    -- waits for transactions that inserted through it: up to a second, then a clear error.
    begin
        if param in ('disable_insert', 'per_tx_limit') then
            perform set_config('lock_timeout', '1s', true);
        end if;
        execute format('update pgq.queue set %I = $1::%s where queue_name = $2',
                       'queue_' || param,
                       case when param in ('ticker_max_lag', 'ticker_idle_period', 'rotation_period') then 'interval'
                            when param in ('ticker_max_count', 'per_tx_limit') then 'integer'
                            else 'boolean' end)
            using x_param_value, x_queue_name;
        perform set_config('lock_timeout', old_lock_timeout, true);
    exception when lock_not_available then
        if param not in ('disable_insert', 'per_tx_limit') then
            raise;
        end if;
        raise exception 'could not change parameter "%" of queue "%": transactions that inserted events into it did not end within a second (they hold pgq.%); retry when they have ended',
            param, x_queue_name, (select 'event_' || queue_id || '_current' from pgq.queue where queue_name = x_queue_name)
            using errcode = '55P03';
    end;
    return 1;
end;
$$;
