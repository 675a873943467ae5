# MT5 Trading DB on an existing Kubernetes cluster with an external PostgreSQL 15: the same
# objects as deploy/k8s/base (without HPA and NetworkPolicy; add them with your cluster's policy).

locals {
  labels = { "app.kubernetes.io/name" = "mt5db", "app.kubernetes.io/part-of" = "mt5db" }

  config = merge({
    QUARKUS_DATASOURCE_JDBC_URL = var.database_jdbc_url
    MT5DB_EMBEDDED_DB           = "false"
    API_KEY_SCOPES              = var.api_key_scopes
    MT5DB_METRICS_PUBLIC        = tostring(var.metrics_public)
    MT5DB_LOG_JSON              = "true"
    JAVA_OPTS_APPEND            = "-XX:MaxRAMPercentage=65"
    }, var.flyway_jdbc_url == null ? {} : {
    QUARKUS_FLYWAY_JDBC_URL = var.flyway_jdbc_url
  }, var.extra_env)

  secrets = merge({
    QUARKUS_DATASOURCE_USERNAME = var.database_username
    QUARKUS_DATASOURCE_PASSWORD = var.database_password
    ADMIN_API_KEY               = var.admin_api_key
    API_KEY                     = var.api_key
    }, var.flyway_jdbc_url == null ? {} : {
    QUARKUS_FLYWAY_USERNAME = coalesce(var.flyway_username, var.database_username)
    QUARKUS_FLYWAY_PASSWORD = coalesce(var.flyway_password, var.database_password)
  })
}

resource "kubernetes_namespace_v1" "mt5db" {
  metadata {
    name   = var.namespace
    labels = local.labels
  }
}

resource "kubernetes_secret_v1" "mt5db" {
  metadata {
    name      = "mt5db-secrets"
    namespace = kubernetes_namespace_v1.mt5db.metadata[0].name
    labels    = local.labels
  }
  type = "Opaque"
  data = local.secrets
}

resource "kubernetes_config_map_v1" "mt5db" {
  metadata {
    name      = "mt5db-config"
    namespace = kubernetes_namespace_v1.mt5db.metadata[0].name
    labels    = local.labels
  }
  data = local.config
}

resource "kubernetes_deployment_v1" "role" {
  for_each = var.roles

  metadata {
    name      = "mt5db-${each.key}"
    namespace = kubernetes_namespace_v1.mt5db.metadata[0].name
    labels    = merge(local.labels, { "app.kubernetes.io/component" = each.key })
  }

  spec {
    replicas               = each.value.replicas
    revision_history_limit = 5

    selector {
      match_labels = { "app.kubernetes.io/name" = "mt5db", "app.kubernetes.io/component" = each.key }
    }

    strategy {
      type = "RollingUpdate"
      rolling_update {
        max_surge       = "1"
        max_unavailable = "0"
      }
    }

    template {
      metadata {
        labels = merge(local.labels, { "app.kubernetes.io/component" = each.key })
        # Restart the pods when settings or keys change: the app reads them at start.
        annotations = {
          "mt5db/config-hash"    = sha256(jsonencode(local.config))
          "mt5db/secret-version" = kubernetes_secret_v1.mt5db.metadata[0].resource_version
        }
      }

      spec {
        automount_service_account_token  = false
        termination_grace_period_seconds = 40

        security_context {
          run_as_non_root = true
          run_as_user     = "10001"
          run_as_group    = "10001"
          fs_group        = "10001"
          seccomp_profile {
            type = "RuntimeDefault"
          }
        }

        container {
          name              = "mt5db"
          image             = var.image
          image_pull_policy = "IfNotPresent"

          port {
            name           = "http"
            container_port = 8000
          }

          env {
            name  = "QUARKUS_PROFILE"
            value = each.key
          }
          env {
            name  = "MT5DB_DB_POOL_SIZE"
            value = tostring(each.value.pool_size)
          }
          env_from {
            config_map_ref {
              name = kubernetes_config_map_v1.mt5db.metadata[0].name
            }
          }
          env_from {
            secret_ref {
              name = kubernetes_secret_v1.mt5db.metadata[0].name
            }
          }

          resources {
            requests = { cpu = each.value.cpu_request, memory = each.value.memory_request }
            limits   = { memory = each.value.memory_limit }
          }

          # Flyway migrates before the HTTP server opens: up to 10 minutes.
          startup_probe {
            http_get {
              path = "/q/health/live"
              port = "http"
            }
            period_seconds    = 5
            failure_threshold = 120
          }
          liveness_probe {
            http_get {
              path = "/q/health/live"
              port = "http"
            }
            period_seconds    = 10
            timeout_seconds   = 3
            failure_threshold = 3
          }
          readiness_probe {
            http_get {
              path = "/q/health/ready"
              port = "http"
            }
            period_seconds    = 5
            timeout_seconds   = 4
            failure_threshold = 3
          }

          security_context {
            allow_privilege_escalation = false
            read_only_root_filesystem  = true
            capabilities {
              drop = ["ALL"]
            }
          }

          volume_mount {
            name       = "tmp"
            mount_path = "/tmp"
          }
          volume_mount {
            name       = "data"
            mount_path = "/data"
          }
        }

        volume {
          name = "tmp"
          empty_dir {}
        }
        volume {
          name = "data"
          empty_dir {}
        }
      }
    }
  }
}

resource "kubernetes_service_v1" "api" {
  metadata {
    name      = "mt5db-api"
    namespace = kubernetes_namespace_v1.mt5db.metadata[0].name
    labels    = merge(local.labels, { "app.kubernetes.io/component" = "api" })
  }

  spec {
    type     = "ClusterIP"
    selector = { "app.kubernetes.io/name" = "mt5db", "app.kubernetes.io/component" = "api" }

    port {
      name        = "http"
      port        = 8000
      target_port = "http"
    }
  }
}

resource "kubernetes_pod_disruption_budget_v1" "api" {
  metadata {
    name      = "mt5db-api"
    namespace = kubernetes_namespace_v1.mt5db.metadata[0].name
    labels    = local.labels
  }

  spec {
    min_available = "1"
    selector {
      match_labels = { "app.kubernetes.io/name" = "mt5db", "app.kubernetes.io/component" = "api" }
    }
  }
}
