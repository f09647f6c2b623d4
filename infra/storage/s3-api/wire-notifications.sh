#!/usr/bin/env sh
# The same wiring as infra/storage/rook-ceph, through the S3 and SNS APIs of a Ceph RADOS Gateway
# that Rook does not manage. Needs the AWS CLI v2 and the bucket owner's credentials in the
# environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).
#   RGW=http://rgw.example.internal:8080 infra/storage/s3-api/wire-notifications.sh
# The topic ARN in bucket-notification.json assumes the zonegroup "default" and no tenant; the
# create-topic output prints the real one.
set -eu
: "${RGW:?set RGW to the RADOS Gateway URL}"
here=$(cd "$(dirname "$0")" && pwd)
export AWS_EC2_METADATA_DISABLED=true
export AWS_REGION="${AWS_REGION:-default}"
aws --endpoint-url "$RGW" sns create-topic --name lungseg-broker \
    --attributes "file://$here/topic-attributes.json"
aws --endpoint-url "$RGW" s3api put-bucket-notification-configuration --bucket lungseg-scans \
    --notification-configuration "file://$here/bucket-notification.json"
aws --endpoint-url "$RGW" s3api get-bucket-notification-configuration --bucket lungseg-scans
