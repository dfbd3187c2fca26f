-- The seed scenario's tables (../shared/seed: the londiste3 replication case, part 1 defines them):
-- user profiles, one session row per user, and append-only login/logout records. The record tables
-- get a bigserial key because Londiste replicates only tables with a primary key.
create table user_info (
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
create table user_session (
    userid int primary key,
    logintime timestamp,
    login_count bigint default 0,
    logouttime timestamp,
    online_interval interval default interval '0'
);
create table user_login_rec (
    id bigserial primary key,
    userid int,
    login_time timestamp,
    ip inet
);
create table user_logout_rec (
    id bigserial primary key,
    userid int,
    logout_time timestamp,
    ip inet
);
