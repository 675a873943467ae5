{{/* Object name prefix: "mt5db" for a release named mt5db (the names of deploy/k8s), else <release>-mt5db. */}}
{{- define "mt5db.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" -}}
{{- else if eq .Release.Name "mt5db" -}}
mt5db
{{- else -}}
{{- printf "%s-mt5db" .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels every object carries. */}}
{{- define "mt5db.labels" -}}
app.kubernetes.io/name: mt5db
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: mt5db
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* The selector of one role's pods: call with (dict "root" $ "role" "api"). */}}
{{- define "mt5db.selector" -}}
app.kubernetes.io/name: mt5db
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .role }}
{{- end -}}

{{- define "mt5db.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{- define "mt5db.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "mt5db.fullname" .) -}}
{{- else -}}
{{- .Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{/* The Secret the pods read (by reference: the chart never creates it). */}}
{{- define "mt5db.secretName" -}}
{{- required "secrets.existingSecret: name the Secret holding QUARKUS_DATASOURCE_USERNAME/PASSWORD and ADMIN_API_KEY (see README.md)" .Values.secrets.existingSecret -}}
{{- end -}}
