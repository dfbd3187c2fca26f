-- The seed scenario's tables (../shared/seed: the londiste3 replication case, part 1 defines them):
-- user profiles, one session row per user, and append-only login/logout records, in schema
-- digoal_01 as in the seed. The record tables end with a bigserial key (the seed's queue shows
-- `...&ip=127.0.0.1&id=4424162`) because Londiste replicates only tables with a primary key.
create schema digoal_01;
create table digoal_01.user_info (
    userid int primary key,
    engname text,
    cnname text,
    occupation text,
    birthday date,
    signname text,
    email text,
    qq numeric,
    crt_time timestamp,
    mod_time timestamp
);
create table digoal_01.user_session (
    userid int primary key,
    logintime timestamp,
    login_count bigint default 0,
    logouttime timestamp,
    online_interval interval default interval '0'
);
create table digoal_01.user_login_rec (
    userid int,
    login_time timestamp,
    ip inet,
    id bigserial primary key
);
create table digoal_01.user_logout_rec (
    userid int,
    logout_time timestamp,
    ip inet,
    id bigserial primary key
);
