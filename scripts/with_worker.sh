#!/usr/bin/env bash
# Run a server with the import worker beside it: scripts/with_worker.sh PYTHON SERVER_COMMAND...
# The worker (`manage.py db_worker`, django-tasks-db) runs the admin's imports; it is stopped when
# the server stops, or when this script is interrupted (Ctrl-C) or terminated. A second TERM tells a
# worker that is mid-import to stop at once: the files it finished stay imported and the run is
# closed as interrupted, as for any killed import.
set -u
python=$1
shift

"$python" manage.py db_worker --no-startup-delay &
worker=$!
"$@" &
server=$!

stop() {
  kill -TERM "$server" 2>/dev/null
  if kill -TERM "$worker" 2>/dev/null; then
    sleep 1
    kill -TERM "$worker" 2>/dev/null
  fi
  wait "$server" "$worker" 2>/dev/null
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM

wait "$server"
status=$?
stop
exit "$status"
