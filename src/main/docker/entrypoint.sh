#!/bin/sh
# Starts MT5 Trading DB from the Quarkus fast-jar layout. The role comes from QUARKUS_PROFILE
# (api|aggregator|indicators|ml|all), the HTTP port from PORT. Without QUARKUS_DATASOURCE_JDBC_URL
# the app runs its embedded PostgreSQL under $MT5DB_DATA_DIR/pg (a volume: /data).
# JAVA_OPTS holds the image's defaults; add flags with JAVA_OPTS_APPEND.
set -e
# shellcheck disable=SC2086 # the option strings are meant to be split into words
exec java $JAVA_OPTS $JAVA_OPTS_APPEND -jar /deployments/quarkus-run.jar "$@"
