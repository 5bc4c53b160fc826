{{/* Names: <release>-<chart> unless the release already says it, truncated to Kubernetes' 63 characters. */}}
{{- define "switchboard.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The name of one component's objects: <fullname>-<component>. Call with (list $ "gateway"). */}}
{{- define "switchboard.name" -}}
{{- $root := index . 0 -}}
{{- printf "%s-%s" (include "switchboard.fullname" $root | trunc 45 | trimSuffix "-") (index . 1) -}}
{{- end -}}

{{- define "switchboard.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ $root.Chart.Name }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "switchboard.labels" -}}
{{ include "switchboard.selectorLabels" . }}
{{- $root := index . 0 }}
app.kubernetes.io/part-of: switchboard
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" $root.Chart.Name $root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* The Prometheus job of a component's metrics (its Service carries it; ServiceMonitor jobLabel). */}}
{{- define "switchboard.job" -}}
switchboard-{{ . }}
{{- end -}}

{{- define "switchboard.image" -}}
{{- $root := index . 0 -}}
{{- $image := $root.Values.image -}}
{{- $repository := printf "%s%s" $image.repositoryPrefix (index . 1) -}}
{{- if $image.registry -}}{{- $repository = printf "%s/%s" $image.registry $repository -}}{{- end -}}
{{- printf "%s:%s" $repository (default $root.Chart.AppVersion $image.tag) -}}
{{- end -}}

{{/* DNS name of the Hazelcast members' headless service. */}}
{{- define "switchboard.hazelcastService" -}}
{{- printf "%s.%s.svc.%s" (include "switchboard.name" (list . "cache-hazelcast")) .Release.Namespace .Values.clusterDomain -}}
{{- end -}}

{{/* One Quarkus property line; backslashes and line breaks escaped as .properties files want them. */}}
{{- define "switchboard.property" -}}
{{ index . 0 }}={{ index . 1 | toString | replace "\\" "\\\\" | replace "\n" "\\n" }}
{{- end -}}

{{/* Settings every service shares: Kafka, the Hazelcast cluster, tracing, the token verifier. */}}
{{- define "switchboard.commonProperties" -}}
{{- $v := .Values -}}
{{ include "switchboard.property" (list "kafka.bootstrap.servers" (include "switchboard.kafkaBootstrap" .)) }}
{{ include "switchboard.property" (list "kafka.security.protocol" $v.kafka.security.protocol) }}
{{- if $v.kafka.security.sasl.mechanism }}
{{ include "switchboard.property" (list "kafka.sasl.mechanism" $v.kafka.security.sasl.mechanism) }}
{{- end }}
{{- if $v.kafka.security.sasl.existingSecret }}
{{ include "switchboard.property" (list "kafka.sasl.jaas.config" "${SWITCHBOARD_KAFKA_SASL_JAAS_CONFIG}") }}
{{- end }}
{{- if $v.kafka.security.tls.caSecret }}
{{ include "switchboard.property" (list "kafka.ssl.truststore.type" "PEM") }}
{{ include "switchboard.property" (list "kafka.ssl.truststore.location" (printf "/etc/switchboard/kafka-ca/%s" $v.kafka.security.tls.caKey)) }}
{{- end }}
{{ include "switchboard.property" (list "switchboard.hazelcast.cluster-name" $v.hazelcast.clusterName) }}
{{ include "switchboard.property" (list "switchboard.hazelcast.members" (printf "%s:5701" (include "switchboard.hazelcastService" .))) }}
{{ include "switchboard.property" (list "switchboard.hazelcast.connect-timeout" $v.hazelcast.connectTimeout) }}
{{- if $v.tracing.endpoint }}
{{ include "switchboard.property" (list "quarkus.otel.exporter.otlp.traces.endpoint" $v.tracing.endpoint) }}
{{- else }}
{{ include "switchboard.property" (list "quarkus.otel.sdk.disabled" "true") }}
{{- end }}
{{- with $v.security.tokenVerifier }}
{{- if or .publicKey .existingSecret }}
{{ include "switchboard.property" (list "mp.jwt.verify.publickey.location" (printf "/etc/switchboard/token-verifier/%s" .key)) }}
{{ include "switchboard.property" (list "mp.jwt.verify.issuer" .issuer) }}
{{ include "switchboard.property" (list "mp.jwt.verify.audiences" (join "," .audiences)) }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "switchboard.kafkaBootstrap" -}}
{{- if .Values.kafka.strimzi.enabled -}}
{{- printf "%s-kafka-bootstrap.%s.svc:%d" .Values.kafka.strimzi.clusterName .Release.Namespace (ternary 9093 9092 (eq .Values.kafka.security.protocol "SSL")) -}}
{{- else -}}
{{- required "kafka.bootstrapServers is required (or kafka.strimzi.enabled=true)" .Values.kafka.bootstrapServers -}}
{{- end -}}
{{- end -}}

{{/* A component's ConfigMap: the shared settings, its own, then the operator's component.config map. */}}
{{- define "switchboard.configMap" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
{{- $own := index . 2 -}}
{{- $extra := index . 3 -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "switchboard.name" (list $root $component) }}
  labels:
    {{- include "switchboard.labels" (list $root $component) | nindent 4 }}
data:
  # Quarkus reads config/application.properties in its working directory (/deployments) over the packaged defaults.
  application.properties: |
    {{- include "switchboard.commonProperties" $root | nindent 4 }}
    {{- range $key, $value := $own }}
    {{ include "switchboard.property" (list $key $value) }}
    {{- end }}
    {{- range $key, $value := $extra }}
    {{ include "switchboard.property" (list $key $value) }}
    {{- end }}
{{- end -}}

{{/*
A component's pod template. Call with a dict: root, component (gateway, worker, push, cache), image (the image
name: gateway, worker-service, ...), settings (its values), port (HTTP), ports (more container ports, a list of
name/containerPort), env (more env entries), jvm (JVM flags of the chart's own, before javaToolOptions), preStop (seconds to sleep before SIGTERM), grace (seconds).
*/}}
{{- define "switchboard.podTemplate" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $s := .settings -}}
metadata:
  labels:
    {{- include "switchboard.labels" (list $root .component) | nindent 4 }}
    {{- with $s.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    # A changed configuration restarts the pods.
    checksum/config: {{ include (print $root.Template.BasePath "/config.yaml") $root | sha256sum }}
    {{- with $s.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "switchboard.name" (list $root .component) }}
  automountServiceAccountToken: {{ and (eq .component "cache") (eq $v.hazelcast.discovery "api") }}
  terminationGracePeriodSeconds: {{ .grace }}
  {{- with $v.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  securityContext:
    runAsNonRoot: true
    runAsUser: 65532
    runAsGroup: 65532
    fsGroup: 65532
    seccompProfile:
      type: RuntimeDefault
  {{- with $s.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $s.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  affinity:
    {{- if $s.affinity }}
    {{- toYaml $s.affinity | nindent 4 }}
    {{- else }}
    podAntiAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
        - weight: 100
          podAffinityTerm:
            topologyKey: kubernetes.io/hostname
            labelSelector:
              matchLabels:
                {{- include "switchboard.selectorLabels" (list $root .component) | nindent 16 }}
    {{- end }}
  {{- with $s.topologySpreadConstraints }}
  topologySpreadConstraints:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  containers:
    - name: {{ .component }}
      image: {{ include "switchboard.image" (list $root .image) }}
      imagePullPolicy: {{ $v.image.pullPolicy }}
      ports:
        - name: http
          containerPort: {{ .port }}
          protocol: TCP
        {{- range .ports }}
        - name: {{ .name }}
          containerPort: {{ .containerPort }}
          protocol: TCP
        {{- end }}
      env:
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: QUARKUS_HTTP_PORT
          value: {{ .port | quote }}
        {{- with trim (printf "%s %s" (default "" .jvm) $s.javaToolOptions) }}
        - name: JAVA_TOOL_OPTIONS
          value: {{ . | quote }}
        {{- end }}
        {{- if $v.kafka.security.sasl.existingSecret }}
        # Read by kafka.sasl.jaas.config in the ConfigMap, so the credentials never sit in one.
        - name: SWITCHBOARD_KAFKA_SASL_JAAS_CONFIG
          valueFrom:
            secretKeyRef:
              name: {{ $v.kafka.security.sasl.existingSecret }}
              key: {{ $v.kafka.security.sasl.jaasConfigKey }}
        {{- end }}
        {{- with .env }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
        {{- with $s.extraEnv }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- with $s.extraEnvFrom }}
      envFrom:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      startupProbe:
        httpGet:
          path: /q/health/started
          port: http
        periodSeconds: 2
        failureThreshold: {{ $s.probes.startupFailureThreshold }}
      livenessProbe:
        httpGet:
          path: /q/health/live
          port: http
        periodSeconds: 10
        timeoutSeconds: 3
        failureThreshold: 3
      readinessProbe:
        httpGet:
          path: /q/health/ready
          port: http
        periodSeconds: 5
        timeoutSeconds: 3
        failureThreshold: 2
      {{- if gt (int .preStop) 0 }}
      lifecycle:
        preStop:
          sleep:
            seconds: {{ .preStop }}
      {{- end }}
      resources:
        {{- toYaml $s.resources | nindent 8 }}
      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities:
          drop: ["ALL"]
      volumeMounts:
        - name: config
          mountPath: /deployments/config
          readOnly: true
        - name: tmp
          mountPath: /tmp
        {{- if or $v.security.tokenVerifier.publicKey $v.security.tokenVerifier.existingSecret }}
        - name: token-verifier
          mountPath: /etc/switchboard/token-verifier
          readOnly: true
        {{- end }}
        {{- if $v.kafka.security.tls.caSecret }}
        - name: kafka-ca
          mountPath: /etc/switchboard/kafka-ca
          readOnly: true
        {{- end }}
  volumes:
    - name: config
      configMap:
        name: {{ include "switchboard.name" (list $root .component) }}
    - name: tmp
      emptyDir:
        sizeLimit: {{ $s.tmpSizeLimit }}
    {{- if or $v.security.tokenVerifier.publicKey $v.security.tokenVerifier.existingSecret }}
    - name: token-verifier
      secret:
        secretName: {{ default (include "switchboard.name" (list $root "token-verifier")) $v.security.tokenVerifier.existingSecret }}
    {{- end }}
    {{- if $v.kafka.security.tls.caSecret }}
    - name: kafka-ca
      secret:
        secretName: {{ $v.kafka.security.tls.caSecret }}
    {{- end }}
{{- end -}}

{{/*
Each component's preStop sleep and termination grace period, in seconds (docs/operations.md, "Shutdown order").
The gateway's grace covers its whole drain; the others sleep until the stage before them has stopped.
*/}}
{{- define "switchboard.stopTimes" -}}
{{- $v := .Values -}}
{{- $d := $v.gateway.drain -}}
{{- $gatewayDrained := add $d.preStopSeconds $d.shutdownDelaySeconds (mul 2 $d.registryTimeoutSeconds) -}}
{{- $middlePreStop := ternary $gatewayDrained 0 $v.shutdownOrder.enabled -}}
{{- $middleStopped := add $middlePreStop (max $v.worker.stopSeconds $v.push.stopSeconds) -}}
{{- $cachePreStop := ternary $middleStopped 0 $v.shutdownOrder.enabled -}}
gateway: {preStop: {{ $d.preStopSeconds }}, grace: {{ add $gatewayDrained $d.stopMarginSeconds }}}
worker: {preStop: {{ $middlePreStop }}, grace: {{ add $middlePreStop $v.worker.stopSeconds }}}
push: {preStop: {{ $middlePreStop }}, grace: {{ add $middlePreStop $v.push.stopSeconds }}}
cache: {preStop: {{ $cachePreStop }}, grace: {{ add $cachePreStop $v.cache.stopSeconds }}}
{{- end -}}

{{/* A component's ClusterIP Service on its HTTP port (its API, /q/health and /q/metrics). Call with (list $ component port). */}}
{{- define "switchboard.httpService" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "switchboard.name" (list $root $component) }}
  labels:
    {{- include "switchboard.labels" (list $root $component) | nindent 4 }}
    switchboard.dev/job: {{ include "switchboard.job" $component }}
spec:
  type: ClusterIP
  selector:
    {{- include "switchboard.selectorLabels" (list $root $component) | nindent 4 }}
  ports:
    - name: http
      port: {{ index . 2 }}
      targetPort: http
      protocol: TCP
{{- end -}}

{{/* A component's PodDisruptionBudget, when enabled. Call with (list $ component settings). */}}
{{- define "switchboard.pdb" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
{{- if (index . 2).pdb.enabled }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "switchboard.name" (list $root $component) }}
  labels:
    {{- include "switchboard.labels" (list $root $component) | nindent 4 }}
spec:
  maxUnavailable: {{ (index . 2).pdb.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "switchboard.selectorLabels" (list $root $component) | nindent 6 }}
{{- end }}
{{- end -}}

{{/*
The pods of the four services (not the Strimzi pods, which may carry the release's labels too and have policies
of their own).
*/}}
{{- define "switchboard.servicePods" -}}
matchLabels:
  app.kubernetes.io/instance: {{ .Release.Name }}
  app.kubernetes.io/part-of: switchboard
matchExpressions:
  - key: app.kubernetes.io/component
    operator: In
    values: [gateway, worker, push, cache]
{{- end -}}
