"""A real S3 HTTP endpoint on 127.0.0.1: moto's standalone server, for the tests."""

import contextlib

import boto3

CREDENTIALS = {
    "MEDIA_S3_ACCESS_KEY_ID": "testing",
    "MEDIA_S3_SECRET_ACCESS_KEY": "testing",
    "MEDIA_S3_REGION": "us-east-1",
}


@contextlib.contextmanager
def running_s3(bucket: str = "linchpin-media"):
    """Start the server on a free port; yield the MEDIA_* settings that reach it."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=bucket)
    try:
        yield {
            "MEDIA_STORAGE_URL": f"s3://{bucket}/site-a",
            "MEDIA_S3_ENDPOINT_URL": endpoint,
            **CREDENTIALS,
        }
    finally:
        server.stop()
