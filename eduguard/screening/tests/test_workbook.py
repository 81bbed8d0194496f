import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from eduguard.audit.models import AccessLog
from eduguard.screening.models import PersonCategory, ScreeningResponse
from eduguard.screening.services.campaigns import create_campaign, save_response
from eduguard.screening.services.workbook import COLUMNS

TODAY = timezone.localdate()


@pytest.fixture
def campaign(world):
    return create_campaign(county=world.county, name="全员大排查", opened_on=TODAY, deadline=TODAY)


def xlsx(rows, headers=COLUMNS) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("answers.xlsx", buffer.getvalue())


def test_the_export_has_the_summary_and_the_masked_named_list(world, client, campaign):
    for key in ("S1C1A", "S2C1A"):
        save_response(
            campaign=campaign, person=world.people[key], answers={"studying_in_wuhan": True}, actor=None
        )
    client.force_login(world.principal)
    response = client.get(f"/screening/{campaign.pk}/export.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    summary = list(book["汇总表"].iter_rows(values_only=True))
    assert summary[0][0] == "测试县教育局全员大排查情况汇总表"
    headers = summary[2]
    total = dict(zip(headers, summary[-1], strict=True))
    assert total["应排查人数"] == 6 and total["已排查人数"] == 1 and total["在武汉就读"] == 1
    named = list(book["名单"].iter_rows(values_only=True))
    assert [r[3] for r in named[1:]] == ["生S1C1A"]  # the principal's school only
    assert "*" in named[1][5] and world.people["S1C1A"].reveal_id_number() not in str(named)
    log = AccessLog.objects.get(action="export")
    assert log.detail == {"what": "screening", "format": "xlsx", "rows": 1, "masked": True}


def test_a_class_sheet_imports_every_row(world, client, campaign):
    client.force_login(world.head_teacher)
    a, b = world.people["S1C1A"], world.people["S1C1B"]
    upload = xlsx(
        [
            {"学校代码": "TS1", "班级": "七(1)班", "姓名": a.name, "三返": "是"},
            {
                "证件号码": b.reveal_id_number(),
                "姓名": b.name,
                "行程地点": "沈阳",
                "离开日期": "2020/1/20",
                "返回日期": "2020年2月1日",
            },
        ]
    )
    response = client.post(f"/screening/{campaign.pk}/import/", {"file": upload})
    assert response.status_code == 302
    assert ScreeningResponse.objects.get(person=b).trips == [
        {"place": "沈阳", "left_on": "2020-01-20", "back_on": "2020-02-01"}
    ]
    assert set(PersonCategory.objects.values_list("person__name", "category__code")) == {
        (a.name, "sanfan"),
        (b.name, "left_county"),
    }


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (
            {"学校代码": "TS1", "班级": "七(2)班", "姓名": "生S1C2A"},
            "row 3: 姓名: 在您负责的范围内找不到此人",
        ),
        (
            {"学校代码": "TS1", "班级": "七(1)班", "姓名": "生S1C1B", "三返": "有"},
            "row 3: 三返: 应填“是”或“否”",
        ),
        ({"学校代码": "TS1", "班级": "七(1)班", "姓名": "生S1C1A"}, "row 3: 姓名: 与第2行是同一人"),
        (
            {"学校代码": "TS1", "班级": "七(1)班", "姓名": "生S1C1B", "行程地点": "沈阳", "离开日期": "上周"},
            "row 3: 离开日期: “上周”不是有效日期",
        ),
        (
            {
                "学校代码": "TS1",
                "班级": "七(1)班",
                "姓名": "生S1C1B",
                "行程地点": "沈阳",
                "离开日期": "2020-02-01",
                "返回日期": "2020-01-25",
            },
            "row 3: 行程: 第1段行程：返回日期早于离开日期",
        ),
        ({"证件号码": "210521200801010011", "姓名": "生S1C1B"}, "row 3: 证件号码: 在您负责的范围内找不到"),
        ({"学校代码": "TS1", "班级": "七(1)班", "姓名": ""}, "row 3: 姓名: 不能为空"),
    ],
)
def test_one_bad_row_writes_nothing_and_names_the_row(world, client, campaign, row, problem):
    client.force_login(world.head_teacher)
    good = {"学校代码": "TS1", "班级": "七(1)班", "姓名": "生S1C1A", "三返": "是"}
    response = client.post(f"/screening/{campaign.pk}/import/", {"file": xlsx([good, row])})
    assert response.status_code == 400 and problem in response.content.decode()
    assert not ScreeningResponse.objects.exists() and not PersonCategory.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("a.xlsx", b""), "提交的是空文件"),
        (
            SimpleUploadedFile("a.csv", "姓名,三返\n张三,是\n".encode()),
            "须含“姓名”，以及“证件号码”或“学校代码”和“班级”",
        ),
        (SimpleUploadedFile("a.xlsx", b"not a zip"), "不是有效的 Excel 文件"),
    ],
)
def test_an_unreadable_file_is_a_400(world, client, campaign, upload, message):
    client.force_login(world.head_teacher)
    response = client.post(f"/screening/{campaign.pk}/import/", {"file": upload})
    assert response.status_code == 400 and message in response.content.decode()
    assert not ScreeningResponse.objects.exists()


def test_the_template_has_the_columns_the_import_reads(world, client, campaign):
    client.force_login(world.head_teacher)
    response = client.get(f"/screening/{campaign.pk}/template.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == COLUMNS


def test_a_file_missing_an_answer_column_is_refused(world, client, campaign):
    client.force_login(world.head_teacher)
    headers = [c for c in COLUMNS if c != "三返"]
    upload = xlsx([{"学校代码": "TS1", "班级": "七(1)班", "姓名": "生S1C1A"}], headers=headers)
    response = client.post(f"/screening/{campaign.pk}/import/", {"file": upload})
    assert response.status_code == 400 and "表头缺少：三返" in response.content.decode()


def test_a_nul_byte_in_a_csv_row_is_a_row_problem(world, client, campaign):
    """Deep enough in the file that the reader's binary sniffing (the first few KB) lets it through."""
    client.force_login(world.head_teacher)
    filler = "TS1,七(1)班,生S1C1A," + "否," * (len(COLUMNS) - 4) + "\n"
    text = ",".join(COLUMNS) + "\n" + filler * 100 + filler.replace("生S1C1A", "生S1C1A\x00")
    response = client.post(
        f"/screening/{campaign.pk}/import/", {"file": SimpleUploadedFile("a.csv", text.encode())}
    )
    assert response.status_code == 400 and "row 102: 含有不可见的非法字符" in response.content.decode()
    assert not ScreeningResponse.objects.exists()
