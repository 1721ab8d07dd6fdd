"""Where evidence files are kept: a local directory by default, or an S3-compatible bucket.

Set `DJANGO_EVIDENCE_S3_BUCKET` (and, for a store other than AWS, its
`DJANGO_EVIDENCE_S3_ENDPOINT_URL`) to keep evidence in object storage through
django-storages, so that every app server sees the same files. The keys come from
`DJANGO_EVIDENCE_S3_ACCESS_KEY_ID` / `DJANGO_EVIDENCE_S3_SECRET_ACCESS_KEY`, or, when
unset, from boto3's usual chain (an instance role, AWS_* variables). Objects are private
(no ACL, no public URL is ever shown): downloads still go through the permission-checked
view, which streams the object from the bucket.
"""

from __future__ import annotations

from pathlib import Path

from peel.env import env_str


def evidence_storage(root: Path) -> dict:
    bucket = env_str("DJANGO_EVIDENCE_S3_BUCKET", "")
    if not bucket:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root, "base_url": None},
        }
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env_str("DJANGO_EVIDENCE_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("DJANGO_EVIDENCE_S3_REGION", "") or None,
            "access_key": env_str("DJANGO_EVIDENCE_S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("DJANGO_EVIDENCE_S3_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("DJANGO_EVIDENCE_S3_PREFIX", "evidence"),
            "default_acl": None,
            "file_overwrite": False,
            # No public URLs: nothing links to the bucket; if a signed URL is ever made it
            # lives one minute.
            "querystring_auth": True,
            "querystring_expire": 60,
        },
    }
