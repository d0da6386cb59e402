"""More than one machine, on existing engines: uploads on an S3-compatible server, tasks on Redis
through RQ, the cache on Redis — each against a real server the test starts on loopback."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lianxin.cases import services
from lianxin.cases.tests.factories import make_case
from lianxin.tests.servers import redis_server, s3_server

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
BUCKET = "lianxin-uploads"


@pytest.fixture
def s3(settings, tmp_path):
    """Uploads go to a bucket on a local S3-compatible server; MEDIA_ROOT is an empty folder."""
    import boto3

    with s3_server() as endpoint:
        keys = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}
        client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **keys)
        client.create_bucket(Bucket=BUCKET)
        settings.MEDIA_ROOT = tmp_path / "media"
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {"bucket_name": BUCKET, "endpoint_url": endpoint,
                            "region_name": "us-east-1", "access_key": "test", "secret_key": "test",
                            "location": "media", "default_acl": "private", "file_overwrite": False},
            },
        }  # fmt: skip
        yield client


def test_a_case_photo_is_stored_in_the_bucket_and_served_only_in_scope(client, world, s3, settings):
    media_root = settings.MEDIA_ROOT
    # given a case the chair accepted
    case = make_case(actor=world.chair, org=world.ent_a1, title="车间噪声")
    services.accept_case(case_id=case.pk, actor=world.chair)
    # when the chair attaches a photo through the page
    client.force_login(world.chair)
    photo = SimpleUploadedFile("噪声.png", PNG, content_type="image/png")
    client.post(reverse("cases:attach", args=[case.number]), {"file": photo})
    # then the bytes are in the bucket, under media/, and nothing is on the app server's disk
    row = case.attachments.get()
    objects = s3.list_objects_v2(Bucket=BUCKET)["Contents"]
    assert [o["Key"] for o in objects] == [f"media/{row.file.name}"]
    assert s3.get_object(Bucket=BUCKET, Key=f"media/{row.file.name}")["Body"].read() == PNG
    assert not media_root.exists() or not any(media_root.rglob("*.png"))
    # and the page serves the same bytes to the chair, nothing to another union's chair
    url = reverse("cases:attachment", args=[case.number, row.pk])
    answer = client.get(url)
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == PNG
    client.force_login(world.chair_b)
    assert client.get(url).status_code == 404


@pytest.fixture
def redis(settings, tmp_path):
    with redis_server(tmp_path) as url:
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
        }
        settings.RQ_QUEUES = {"default": {"URL": url}}
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}
        }
        yield url


def test_a_task_queued_on_redis_waits_for_an_rq_worker_and_then_runs(world, redis):
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    from lianxin.insights.models import DuplicateFlag
    from lianxin.insights.tasks import flag_cases

    # given a case and its repeat, the same worker's words a day apart
    text = "车间噪声太大，耳朵嗡嗡响，希望加装隔音设施"
    first = make_case(actor=world.chair, org=world.ent_a1, title="噪声", description=text,
                      worker_phone="13900001111")  # fmt: skip
    again = make_case(actor=world.chair, org=world.ent_a1, title="噪声", description=text,
                      worker_phone="13900001111")  # fmt: skip
    DuplicateFlag.objects.all().delete()  # whatever the tests' immediate backend flagged
    # when the duplicate scan is queued on Redis
    result = flag_cases.enqueue(case_ids=[again.pk])
    queue = django_rq.get_queue("default", job_class=Job)
    # then it waits in Redis until a worker takes it
    assert queue.count == 1
    assert not DuplicateFlag.objects.exists()
    # (`manage.py rqworker --job-class django_tasks_rq.backend.Job default` in production)
    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
    assert flag_cases.get_result(result.id).status == "SUCCESSFUL"
    assert DuplicateFlag.objects.filter(case=again, candidate=first).exists()


def test_the_cache_shared_by_app_servers_is_redis(redis):
    import redis as redis_client
    from django.core.cache import caches

    caches["default"].set("lianxin:probe", "共享", 60)
    raw = redis_client.Redis.from_url(redis)
    assert any(b"lianxin:probe" in key for key in raw.keys("*"))
    assert caches["default"].get("lianxin:probe") == "共享"
