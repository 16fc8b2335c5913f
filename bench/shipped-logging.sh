#!/usr/bin/env bash
# The log levels every service ships with (Logging:LogLevel in services/*/appsettings.json), set explicitly on each benchmark's
# service processes so its figures describe the shipped configuration, and the line each report prints. A test
# (ShippedConfigurationTests) keeps this list equal to the appsettings.json files. Source it; run a service as
# `env $(shipped_logging_env) dotnet ...` (the keys hold dots, which `export` does not take).
SHIPPED_LOG_LEVELS=(Default=Information Microsoft.AspNetCore=Warning MassTransit=Warning Npgsql.Command=Warning)
shipped_logging_env() { printf 'Logging__LogLevel__%s\n' "${SHIPPED_LOG_LEVELS[@]}"; }
SHIPPED_LOGGING_LINE="Log levels: the shipped ones (services' appsettings.json), set explicitly: ${SHIPPED_LOG_LEVELS[*]}; no SQL statement is logged."
