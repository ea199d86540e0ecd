#!/usr/bin/env bash
# Imports the Dataproc workflow template (dataproc-workflow.yaml) and creates a Cloud Scheduler job that
# instantiates it on a schedule (an authenticated POST to the template's :instantiate method).
#   submit/schedule/dataproc-schedule.sh --project P --region R --service-account SA_EMAIL [--schedule CRON]
#       [--name skysift-nightly] [--time-zone UTC] [--dry-run]
# SA_EMAIL: a service account allowed to instantiate workflow templates (roles/dataproc.editor) and to act as
# the cluster's service account; Cloud Scheduler gets an OAuth token for it. Default schedule: 0 2 * * * (UTC).
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=submit/lib.sh
source submit/lib.sh

PROJECT=""; REGION=""; SA=""; SCHEDULE="0 2 * * *"; NAME=skysift-nightly; TZ_NAME=UTC
while [ $# -gt 0 ]; do
  case "$1" in
    --project) PROJECT=$2; shift 2 ;;
    --region) REGION=$2; shift 2 ;;
    --service-account) SA=$2; shift 2 ;;
    --schedule) SCHEDULE=$2; shift 2 ;;
    --name) NAME=$2; shift 2 ;;
    --time-zone) TZ_NAME=$2; shift 2 ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option '$1'" ;;
  esac
done
[ -n "$PROJECT" ] && [ -n "$REGION" ] && [ -n "$SA" ] || die "--project, --region and --service-account are required"
require_cli gcloud
run_command gcloud dataproc workflow-templates import "$NAME" --project="$PROJECT" --region="$REGION" \
  --source=submit/schedule/dataproc-workflow.yaml --quiet
run_command gcloud scheduler jobs create http "$NAME" --project="$PROJECT" --location="$REGION" \
  --schedule="$SCHEDULE" --time-zone="$TZ_NAME" --http-method=POST \
  --uri="https://dataproc.googleapis.com/v1/projects/$PROJECT/regions/$REGION/workflowTemplates/$NAME:instantiate?alt=json" \
  --oauth-service-account-email="$SA" --oauth-token-scope=https://www.googleapis.com/auth/cloud-platform
