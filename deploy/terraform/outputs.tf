output "namespace" {
  description = "Namespace holding MT5 Trading DB."
  value       = kubernetes_namespace_v1.mt5db.metadata[0].name
}

output "api_url" {
  description = "In-cluster URL of the API (EAs, Grafana, Prometheus inside the cluster)."
  value       = "http://${kubernetes_service_v1.api.metadata[0].name}.${kubernetes_namespace_v1.mt5db.metadata[0].name}.svc:8000"
}

output "deployments" {
  description = "Deployment name per role."
  value       = { for role, deployment in kubernetes_deployment_v1.role : role => deployment.metadata[0].name }
}

output "metrics_targets" {
  description = "Pod label selector for scraping every role's /metrics on port http (8000)."
  value       = "app.kubernetes.io/name=mt5db"
}
