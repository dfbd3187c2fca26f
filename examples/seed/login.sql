\set userid random(1, 200000)
select userid, engname, cnname, occupation, birthday, signname, email, qq from digoal_01.user_info where userid = :userid;
insert into digoal_01.user_login_rec (userid, login_time, ip) values (:userid, now(), inet_client_addr());
update digoal_01.user_session set logintime = now(), login_count = login_count + 1 where userid = :userid;
