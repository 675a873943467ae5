variable "kubeconfig_path" {
  description = "Path of the kubeconfig file the provider uses."
  type        = string
  default     = "~/.kube/config"
}

variable "kube_context" {
  description = "kubeconfig context; null uses the current one."
  type        = string
  default     = null
}

variable "namespace" {
  description = "Namespace created for MT5 Trading DB."
  type        = string
  default     = "mt5db"
}

variable "image" {
  description = "Container image built from src/main/docker/Dockerfile.jvm (registry/name:tag)."
  type        = string
}

variable "database_jdbc_url" {
  description = "JDBC URL of the external PostgreSQL 15 the app's pool uses. Through PgBouncer (transaction pooling) add ?prepareThreshold=0 and set flyway_jdbc_url."
  type        = string
}

variable "database_username" {
  description = "Database user of the app's pool."
  type        = string
}

variable "database_password" {
  description = "Password of database_username."
  type        = string
  sensitive   = true
}

variable "flyway_jdbc_url" {
  description = "Direct JDBC URL (not PgBouncer) for Flyway's migrations; null = the app's pool URL."
  type        = string
  default     = null
}

variable "flyway_username" {
  description = "Database user that runs migrations (DDL); used only with flyway_jdbc_url."
  type        = string
  default     = null
}

variable "flyway_password" {
  description = "Password of flyway_username."
  type        = string
  default     = null
  sensitive   = true
}

variable "admin_api_key" {
  description = "Admin API key (ADMIN_API_KEY). Required: a generated one would land in a pod's emptyDir."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.admin_api_key) >= 24
    error_message = "admin_api_key must be at least 24 characters."
  }
}

variable "api_key" {
  description = "Optional shared key of existing EAs (API_KEY); empty = none."
  type        = string
  default     = ""
  sensitive   = true
}

variable "api_key_scopes" {
  description = "Scopes of api_key (API_KEY_SCOPES)."
  type        = string
  default     = "ingest,read,signals"
}

variable "metrics_public" {
  description = "Serve /metrics without a key (MT5DB_METRICS_PUBLIC)."
  type        = bool
  default     = true
}

variable "extra_env" {
  description = "More environment for every role (e.g. MT5DB_RATE_LIMIT_PER_SECOND, OTEL_EXPORTER_OTLP_ENDPOINT)."
  type        = map(string)
  default     = {}
}

variable "roles" {
  description = "One Deployment per process role (QUARKUS_PROFILE). Remove a role to not run it."
  type = map(object({
    replicas       = number
    pool_size      = number
    cpu_request    = string
    memory_request = string
    memory_limit   = string
  }))
  default = {
    api        = { replicas = 2, pool_size = 16, cpu_request = "250m", memory_request = "768Mi", memory_limit = "1Gi" }
    aggregator = { replicas = 1, pool_size = 8, cpu_request = "250m", memory_request = "640Mi", memory_limit = "768Mi" }
    indicators = { replicas = 1, pool_size = 8, cpu_request = "250m", memory_request = "640Mi", memory_limit = "768Mi" }
    ml         = { replicas = 1, pool_size = 8, cpu_request = "250m", memory_request = "1536Mi", memory_limit = "2Gi" }
  }

  validation {
    condition     = contains(keys(var.roles), "api") && alltrue([for role in keys(var.roles) : contains(["api", "aggregator", "indicators", "ml", "all"], role)])
    error_message = "roles must include api and may only name api, aggregator, indicators, ml or all."
  }
}
