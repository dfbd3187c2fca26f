namespace Londiste.Bench;

/// <summary>The seed's four tables (londiste3-replicate-case-part2.md) and its login/logout workload.</summary>
internal static class SeedSchema
{
    public static readonly string[] Tables = ["user_info", "user_session", "user_login_rec", "user_logout_rec"];

    /// <summary>Tables and their starting rows, the same in source and target (before any trigger exists).</summary>
    public static string Create(int users) => $"""
        create schema "digoal";
        create table "digoal"."user_info" (
            "userid" int primary key, "engname" text, "cnname" text, "occupation" text, "birthday" date,
            "signname" text, "email" text, "qq" numeric, "crt_time" timestamp, "mod_time" timestamp);
        create table "digoal"."user_session" (
            "userid" int primary key, "logintime" timestamp, "login_count" bigint default 0,
            "logouttime" timestamp, "online_interval" interval default '0');
        create table "digoal"."user_login_rec" ("userid" int, "login_time" timestamp, "ip" inet, "id" bigserial primary key);
        create table "digoal"."user_logout_rec" ("userid" int, "logout_time" timestamp, "ip" inet, "id" bigserial primary key);
        insert into "digoal"."user_info"
        select g, 'digoal' || g, '德哥' || g, 'DBA', date '1970-01-01' + g % 10000, 'sign & name ' || g,
               'digoal' || g || '@126.com', 276732431 + g, timestamp '2012-05-31 08:00' + g * interval '1 s', null
          from pg_catalog.generate_series(1, {users}) g;
        insert into "digoal"."user_session" ("userid") select g from pg_catalog.generate_series(1, {users}) g;
        analyze;
        """;

    /// <summary>
    /// One transaction of the workload: <paramref name="rounds"/> times a login (insert user_login_rec, update
    /// user_session) or a logout (insert user_logout_rec, update user_session), the seed's pgbench scripts, and every
    /// tenth round an update of user_info (4 tables, ~2 events per round).
    /// </summary>
    public static string Workload(int rounds, int users, int seed) => $$"""
        do $$
        declare
            uid int;
        begin
            perform pg_catalog.setseed({{seed % 1000}} / 1000.0);
            for i in 1 .. {{rounds}} loop
                uid := 1 + pg_catalog.floor(pg_catalog.random() * {{users}})::int;
                if i % 2 = 0 then
                    insert into "digoal"."user_login_rec" ("userid", "login_time", "ip") values (uid, pg_catalog.clock_timestamp(), '127.0.0.1');
                    update "digoal"."user_session" set "logintime" = pg_catalog.clock_timestamp(), "login_count" = "login_count" + 1 where "userid" = uid;
                else
                    insert into "digoal"."user_logout_rec" ("userid", "logout_time", "ip") values (uid, pg_catalog.clock_timestamp(), '127.0.0.1');
                    update "digoal"."user_session" set "logouttime" = pg_catalog.clock_timestamp(),
                           "online_interval" = "online_interval" + (pg_catalog.clock_timestamp() - "logintime") where "userid" = uid;
                end if;
                if i % 10 = 0 then
                    update "digoal"."user_info" set "mod_time" = pg_catalog.clock_timestamp(), "signname" = 'signed ' || i where "userid" = uid;
                end if;
            end loop;
        end
        $$
        """;
}
