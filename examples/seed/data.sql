-- 200,000 users, each with a session row (the seed's data set).
insert into digoal_01.user_info (userid, engname, cnname, occupation, birthday, signname, email, qq, crt_time, mod_time)
select g, 'digoal.zhou', '德哥', 'DBA', date '1970-01-01',
       E'公益是一辈子的事, I\'m Digoal.Zhou, Just do it!', 'digoal@126.com', 276732431, clock_timestamp(), null
  from generate_series(1, 200000) as g;
insert into digoal_01.user_session (userid) select g from generate_series(1, 200000) as g;
analyze;
