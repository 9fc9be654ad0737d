import uuid

import boto3
import pytest
from moto.server import ThreadedMotoServer

from portal.storage import PrivateS3Storage

AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
}


@pytest.fixture(scope="session")
def moto_endpoint(tmp_path_factory):
    """A real S3 endpoint (moto's server) on a free loopback port, for the whole session.

    boto3 gets fake credentials and empty config files, so it never reads this machine's.
    """
    aws_dir = tmp_path_factory.mktemp("aws")
    with pytest.MonkeyPatch.context() as monkeypatch:
        for name, value in AWS_ENV.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("AWS_CONFIG_FILE", str(aws_dir / "config"))
        monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(aws_dir / "credentials"))
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        yield f"http://{host}:{port}"
        server.stop()


@pytest.fixture
def s3_bucket(moto_endpoint):
    name = f"laurel-private-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=name)
    return name


@pytest.fixture
def s3_options(moto_endpoint, s3_bucket):
    """OPTIONS for a PrivateS3Storage on the moto server, as production's STORAGES has them."""
    return {
        "bucket_name": s3_bucket,
        "endpoint_url": moto_endpoint,
        "region_name": "us-east-1",
        "access_key": "testing",
        "secret_key": "testing",
        "addressing_style": "path",
        "signature_version": "s3v4",
        "location": "private",
        "querystring_expire": 120,
    }


@pytest.fixture
def s3_private_storage(settings, s3_options):
    """Makes the 'private' storage the S3 one; returns it."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "portal.storage.PrivateS3Storage", "OPTIONS": s3_options},
    }
    from django.core.files.storage import storages

    storage = storages["private"]
    assert isinstance(storage, PrivateS3Storage)
    return storage
