"""The drill pages: a school's drills and the form, recording one, the overview and the file."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eduguard.audit.models import AccessLog
from eduguard.core.rules import clear_cache
from eduguard.org.models import School
from eduguard.response.models import Drill
from eduguard.response.services.drills import record_drill

TODAY = timezone.localdate()
PNG = b"\x89PNG\r\n\x1a\n photo"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def page_url(world, key="S1"):
    return f"/response/schools/{world.schools[key].pk}/drills/"


def post_drill(client, world, key="S1", **fields):
    data = {"scenario": "temperature", "held_on": TODAY.isoformat(), "participants": "850", **fields}
    return client.post(f"{page_url(world, key)}new/", {k: v for k, v in data.items() if v is not None})


def drill(world, key="S1", **fields):
    data = {"scenario": "fever", "held_on": TODAY, "participants": 30, **fields}
    return record_drill(school=world.schools[key], actor=world.admin, **data)


def test_a_principal_records_a_drill_and_sees_it_listed(world, client):
    client.force_login(world.principal)
    page = client.get(page_url(world)).content.decode()
    assert "0/4 项已演练" in page and "4 项未演练" in page and 'enctype="multipart/form-data"' in page
    assert "尚未登记演练" in page and "保存演练记录" in page
    response = post_drill(
        client,
        world,
        problems="测温通道排队间距不足1米",
        improvements="地面加贴1米线",
        file=SimpleUploadedFile("测温演练.png", PNG),
    )
    assert response.status_code == 302 and response["Location"] == page_url(world)
    saved = Drill.objects.get()
    assert (saved.scenario, saved.held_on, saved.participants, saved.recorded_by) == (
        "temperature",
        TODAY,
        850,
        world.principal,
    )
    page = client.get(page_url(world)).content.decode()
    assert f"已登记 {TODAY.isoformat()} 的“入校测温”演练（850 人参加）" in page
    assert "1/4 项已演练" in page and "3 项未演练" in page
    assert "测温通道排队间距不足1米" in page and "地面加贴1米线" in page
    assert f"/response/drills/{saved.pk}/file/" in page


def test_the_page_lists_the_drills_newest_first_and_counts_since_a_date(world, client):
    drill(world, scenario="meals", held_on=TODAY - dt.timedelta(days=100), problems="旧的分餐演练")
    drill(world, scenario="isolation_room", held_on=TODAY - dt.timedelta(days=2), problems="新的隔离演练")
    client.force_login(world.doctor)
    page = client.get(page_url(world)).content.decode()
    assert page.index("新的隔离演练") < page.index("旧的分餐演练")  # both listed, newest first
    assert "1/4 项已演练" in page  # the meals drill is older than 90 days
    since = (TODAY - dt.timedelta(days=120)).isoformat()
    assert "2/4 项已演练" in client.get(page_url(world), {"since": since}).content.decode()
    assert "1/4 项已演练" in client.get(page_url(world), {"since": "not-a-date"}).content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"scenario": None}, "请选择演练科目"),
        ({"scenario": "parade"}, "请选择演练科目"),
        ({"held_on": None}, "请填写演练日期"),
        ({"held_on": "15/03/2020"}, "请填写正确的日期"),
        ({"held_on": (TODAY + dt.timedelta(days=1)).isoformat()}, "演练日期不能晚于今天"),
        ({"held_on": (TODAY - dt.timedelta(days=400)).isoformat()}, "演练日期不能早于"),
        ({"participants": None}, "请填写参加人数（整数）"),
        ({"participants": "三十"}, "请填写参加人数（整数）"),
        ({"participants": "0"}, "参加人数至少为 1 人"),
        ({"participants": "-3"}, "参加人数至少为 1 人"),
        ({"participants": "20000"}, "参加人数不能超过 10000 人"),
        ({"problems": "问" * 2001}, "不超过 2000 字"),
        ({"file": SimpleUploadedFile("演练.exe", b"MZ")}, "文件应为 PDF 或图片"),
        ({"file": SimpleUploadedFile("演练.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))}, "不能超过 10 MB"),
    ],
)
def test_every_bad_input_is_400_with_its_message_and_writes_nothing(world, client, fields, message):
    client.force_login(world.principal)
    response = post_drill(client, world, **fields)
    page = response.content.decode()
    assert response.status_code == 400 and message in page
    assert 'id="drill-form"' in page and 'class="field has-error"' in page
    assert not Drill.objects.exists()


def test_a_refused_form_asks_for_the_chosen_file_again(world, client):
    client.force_login(world.principal)
    response = post_drill(client, world, participants="0", file=SimpleUploadedFile("a.png", PNG))
    assert (
        response.status_code == 400 and "所选文件尚未保存，请改正后重新选择文件" in response.content.decode()
    )
    response = post_drill(client, world, file=SimpleUploadedFile("a.exe", b"MZ"))
    assert response.status_code == 400 and "所选文件尚未保存" not in response.content.decode()
    assert not Drill.objects.exists()


def test_a_drill_recorded_twice_is_400(world, client):
    client.force_login(world.principal)
    assert post_drill(client, world).status_code == 302
    response = post_drill(client, world)
    assert response.status_code == 400 and "已登记过“入校测温”演练" in response.content.decode()
    assert Drill.objects.count() == 1


@pytest.mark.parametrize("persona", ["leader", "grid_leader", "bureau_staff"])
def test_who_sees_the_school_without_the_role_reads_but_is_refused_with_403(world, client, persona):
    drill(world, problems="发热处置演练问题")
    client.force_login(getattr(world, persona))
    page = client.get(page_url(world)).content.decode()
    assert "发热处置演练问题" in page and 'id="drill-form"' not in page
    assert post_drill(client, world, scenario="meals").status_code == 403
    assert Drill.objects.count() == 1


@pytest.mark.parametrize("persona", ["outsider", "head_teacher", "school_leader", "inspector", "guard"])
def test_who_does_not_see_the_school_gets_404_everywhere(world, client, persona):
    saved = drill(world, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    client.force_login(getattr(world, persona))
    assert client.get(page_url(world)).status_code == 404
    assert post_drill(client, world).status_code == 404
    assert client.get(f"/response/drills/{saved.pk}/file/").status_code == 404
    assert Drill.objects.count() == 1 and not AccessLog.objects.filter(object_type="response.drill").exists()


def test_a_principal_cannot_reach_another_school(world, client):
    client.force_login(world.principal)
    assert client.get(page_url(world, "S2")).status_code == 404
    assert post_drill(client, world, "S2").status_code == 404
    assert not Drill.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(world, client):
    response = post_drill(client, world)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Drill.objects.exists()


def test_the_overview_lists_the_schools_in_scope_with_counts_and_missing_scenarios(world, client):
    drill(world, "S1", scenario="isolation_room")
    drill(world, "S1", scenario="temperature")
    drill(world, "S2", scenario="meals", held_on=TODAY - dt.timedelta(days=100))
    client.force_login(world.grid_leader)
    page = client.get("/response/drills/").content.decode()
    assert "测试S1中学" in page and "测试S2中学" in page and "测试S3中学" not in page
    s1 = page[page.index(f'id="school-{world.schools["S1"].pk}"') :]
    assert "2 项未演练" in s1[:2000] and "发热师生处置、食堂错峰分餐" in s1[:2000]
    s2 = page[page.index(f'id="school-{world.schools["S2"].pk}"') :]
    assert "4 项未演练" in s2[:2000]  # its drill is older than 90 days
    since = (TODAY - dt.timedelta(days=120)).isoformat()
    page = client.get("/response/drills/", {"since": since}).content.decode()
    assert f'value="{since}"' in page
    s2 = page[page.index(f'id="school-{world.schools["S2"].pk}"') :]
    assert "3 项未演练" in s2[:2000]


def test_the_overview_shows_nothing_to_those_who_see_no_school(world, client):
    drill(world)
    for persona in ("head_teacher", "outsider"):
        client.force_login(getattr(world, persona))
        page = client.get("/response/drills/").content.decode()
        assert "测试S1中学" not in page and "范围内没有学校" in page


def count(client, url) -> int:
    clear_cache()  # each count reads the rules afresh, as after a restart
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_overview_query_count_does_not_grow_with_the_schools(world, client):
    client.force_login(world.leader)
    drill(world)
    few = count(client, "/response/drills/")
    for n in range(5):
        school = School.objects.create(
            county=world.county, grid=world.grid2, code=f"X{n}", name=f"新建{n}校", type="primary"
        )
        record_drill(school=school, scenario="meals", held_on=TODAY, participants=10, actor=world.admin)
        record_drill(school=school, scenario="fever", held_on=TODAY, participants=10, actor=world.admin)
    assert count(client, "/response/drills/") == few
    assert "新建4校" in client.get("/response/drills/").content.decode()


def test_the_school_page_query_count_does_not_grow_with_the_drills(world, client):
    client.force_login(world.principal)
    drill(world)
    few = count(client, page_url(world))
    for n in range(1, 6):
        drill(world, held_on=TODAY - dt.timedelta(days=n), file=SimpleUploadedFile("a.pdf", b"%PDF-"))
    assert count(client, page_url(world)) == few


def test_the_file_is_served_in_scope_and_each_opening_is_logged(world, client):
    saved = drill(world, file=SimpleUploadedFile("演练.png", PNG))
    client.force_login(world.leader)
    response = client.get(f"/response/drills/{saved.pk}/file/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    log = AccessLog.objects.get(object_type="response.drill")
    assert (log.actor, log.action, log.object_id, log.detail) == (
        world.leader,
        "view",
        str(saved.pk),
        {"what": "file"},
    )


def test_a_drill_without_a_file_or_with_its_file_gone_is_404(world, client):
    bare = drill(world)
    gone = drill(world, scenario="meals", file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    gone.file.storage.delete(gone.file.name)
    client.force_login(world.principal)
    assert client.get(f"/response/drills/{bare.pk}/file/").status_code == 404
    assert client.get(f"/response/drills/{gone.pk}/file/").status_code == 404
    assert not AccessLog.objects.filter(object_type="response.drill").exists()
