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

{{/*
One Quarkus property line; backslashes and line breaks escaped as .properties files want them. Whole numbers stay
whole (YAML numbers arrive as floats, which would print 1000000 as 1e+06).
*/}}
{{- define "switchboard.property" -}}
{{- $value := index . 1 -}}
{{- if and (kindIs "float64" $value) (eq $value (float64 (int64 $value))) }}{{ $value = int64 $value }}{{ end -}}
{{ index . 0 }}={{ $value | toString | replace "\\" "\\\\" | replace "\n" "\\n" }}
{{- end -}}

{{/*
"true" when a setting must be the same in every service (sharedConfig): the contract's SyncLimits, EventLimits,
CacheSettings and ChannelSettings (ChartTest holds this list to those mappings). Channels: the gateway applies the
namespace rules to clients, worker-service to handlers and its publication API.
*/}}
{{- define "switchboard.shared" -}}
{{- $cache := list "quota-bytes" "max-body-bytes" "chunk-bytes" "max-entries-per-cache" "max-caches-per-origin" "max-update-attempts" "deleted-cache-retention" "max-origins" -}}
{{- if or (hasPrefix "switchboard.sync." .) (hasPrefix "switchboard.events." .) (hasPrefix "switchboard.channels." .) (and (hasPrefix "switchboard.cache." .) (has (trimPrefix "switchboard.cache." .) $cache)) }}true{{ end -}}
{{- end -}}

{{/*
Settings every service shares: Kafka, the Hazelcast cluster, sharedConfig, tracing, the token verifier. Secrets are never
written here: a setting that needs one reads an environment variable the pod takes from the Secret.
*/}}
{{- define "switchboard.commonProperties" -}}
{{- $v := .Values -}}
{{- $kafka := include "switchboard.kafkaSecurity" . | fromYaml -}}
{{ include "switchboard.property" (list "kafka.bootstrap.servers" (include "switchboard.kafkaBootstrap" .)) }}
{{ include "switchboard.property" (list "kafka.security.protocol" $kafka.protocol) }}
{{- if $kafka.saslMechanism }}
{{ include "switchboard.property" (list "kafka.sasl.mechanism" $kafka.saslMechanism) }}
{{- end }}
{{- if $kafka.jaasSecret }}
{{ include "switchboard.property" (list "kafka.sasl.jaas.config" "${SWITCHBOARD_KAFKA_SASL_JAAS_CONFIG}") }}
{{- end }}
{{- if $kafka.caSecret }}
{{ include "switchboard.property" (list "kafka.ssl.truststore.type" "PEM") }}
{{ include "switchboard.property" (list "kafka.ssl.truststore.location" (printf "/etc/switchboard/kafka-ca/%s" $kafka.caKey)) }}
{{- end }}
{{- if $kafka.keystoreSecret }}
{{ include "switchboard.property" (list "kafka.ssl.keystore.type" "PKCS12") }}
{{ include "switchboard.property" (list "kafka.ssl.keystore.location" (printf "/etc/switchboard/kafka-keystore/%s" $kafka.keystoreKey)) }}
{{ include "switchboard.property" (list "kafka.ssl.keystore.password" "${SWITCHBOARD_KAFKA_SSL_KEYSTORE_PASSWORD}") }}
{{- end }}
{{ include "switchboard.property" (list "switchboard.hazelcast.cluster-name" $v.hazelcast.clusterName) }}
{{ include "switchboard.property" (list "switchboard.hazelcast.members" (printf "%s:5701" (include "switchboard.hazelcastService" .))) }}
{{ include "switchboard.property" (list "switchboard.hazelcast.connect-timeout" $v.hazelcast.connectTimeout) }}
{{- if $v.tracing.endpoint }}
{{ include "switchboard.property" (list "quarkus.otel.exporter.otlp.traces.endpoint" $v.tracing.endpoint) }}
{{- else }}
{{ include "switchboard.property" (list "quarkus.otel.sdk.disabled" "true") }}
{{- end }}
{{- range $key, $value := $v.sharedConfig }}
{{ include "switchboard.property" (list $key $value) }}
{{- end }}
{{- with $v.security.tokenVerifier }}
{{ include "switchboard.property" (list "mp.jwt.verify.publickey.location" (include "switchboard.tokenVerifierLocation" $)) }}
{{ include "switchboard.property" (list "mp.jwt.verify.issuer" (required "security.tokenVerifier.issuer is required: the iss every token must have (your identity provider's issuer URL)" .issuer)) }}
{{ include "switchboard.property" (list "mp.jwt.verify.audiences" (required "security.tokenVerifier.audiences is required: the aud values a token must have one of" (join "," .audiences))) }}
{{- with .groupsPath }}
{{ include "switchboard.property" (list "smallrye.jwt.path.groups" .) }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
Where the services read the token verification key: the identity provider's URL, or the file the chart mounts from
the Secret. Fails, naming the values, unless exactly one of location, publicKey and existingSecret is set.
*/}}
{{- define "switchboard.tokenVerifierLocation" -}}
{{- $t := .Values.security.tokenVerifier -}}
{{- $given := 0 -}}
{{- range (list $t.location $t.publicKey $t.existingSecret) }}{{ if . }}{{ $given = add1 $given }}{{ end }}{{ end -}}
{{- if eq $given 0 -}}
{{- fail "security.tokenVerifier is required: set security.tokenVerifier.location (your identity provider's JWKS URL), .publicKey (a PEM or JWKS) or .existingSecret (a Secret holding it), with .issuer and .audiences; every service verifies bearer JWTs and refuses to start without a verifier (docs/operations.md#installing-on-a-cluster-step-by-step)" -}}
{{- else if gt $given 1 -}}
{{- fail "security.tokenVerifier: set only one of location, publicKey and existingSecret" -}}
{{- end -}}
{{- if $t.location -}}
{{- $t.location -}}
{{- else -}}
{{- printf "/etc/switchboard/token-verifier/%s" $t.key -}}
{{- end -}}
{{- end -}}

{{/*
How the services reach Kafka, as YAML: kafka.security, completed for a Strimzi cluster of the chart's (its CA
Secret; with strimzi.authentication, the SCRAM credentials or client certificate of its KafkaUser).
*/}}
{{- define "switchboard.kafkaSecurity" -}}
{{- $k := .Values.kafka -}}
{{- $sec := $k.security -}}
{{- $auth := "" -}}
{{- if $k.strimzi.enabled }}{{ $auth = $k.strimzi.authentication }}{{ end -}}
{{- $user := printf "%s-switchboard" $k.strimzi.clusterName -}}
{{- $tls := has $sec.protocol (list "SSL" "SASL_SSL") -}}
{{- $sasl := has $sec.protocol (list "SASL_PLAINTEXT" "SASL_SSL") -}}
{{- if and (eq $auth "scram-sha-512") (ne $sec.protocol "SASL_SSL") -}}
{{- fail "kafka.strimzi.authentication=scram-sha-512 needs kafka.security.protocol=SASL_SSL" -}}
{{- else if and (eq $auth "tls") (ne $sec.protocol "SSL") -}}
{{- fail "kafka.strimzi.authentication=tls needs kafka.security.protocol=SSL" -}}
{{- end -}}
{{- $mechanism := ternary "SCRAM-SHA-512" $sec.sasl.mechanism (eq $auth "scram-sha-512") -}}
{{- $jaasSecret := ternary $user $sec.sasl.existingSecret (eq $auth "scram-sha-512") -}}
{{- if and $sasl (not (and $mechanism $jaasSecret)) -}}
{{- fail (printf "kafka.security.protocol=%s needs kafka.security.sasl.mechanism and kafka.security.sasl.existingSecret (the Secret holding the sasl.jaas.config line)" $sec.protocol) -}}
{{- else if and (not $sasl) (or $sec.sasl.mechanism $sec.sasl.existingSecret) -}}
{{- fail (printf "kafka.security.sasl is set but kafka.security.protocol=%s: use SASL_SSL (or SASL_PLAINTEXT)" $sec.protocol) -}}
{{- end -}}
{{- $caSecret := $sec.tls.caSecret -}}
{{- if and $k.strimzi.enabled $tls (not $caSecret) }}{{ $caSecret = printf "%s-cluster-ca-cert" $k.strimzi.clusterName }}{{ end -}}
{{- $keystoreSecret := ternary $user $sec.tls.keystoreSecret (eq $auth "tls") -}}
{{- if and (not $tls) (or $caSecret $keystoreSecret) -}}
{{- fail (printf "kafka.security.tls is set but kafka.security.protocol=%s: use SSL (or SASL_SSL)" $sec.protocol) -}}
{{- end -}}
protocol: {{ $sec.protocol }}
tls: {{ $tls }}
saslMechanism: {{ $mechanism | quote }}
jaasSecret: {{ $jaasSecret | quote }}
jaasKey: {{ ternary "sasl.jaas.config" $sec.sasl.jaasConfigKey (eq $auth "scram-sha-512") | quote }}
caSecret: {{ $caSecret | quote }}
caKey: {{ $sec.tls.caKey | quote }}
keystoreSecret: {{ $keystoreSecret | quote }}
keystoreKey: {{ ternary "user.p12" $sec.tls.keystoreKey (eq $auth "tls") | quote }}
keystorePasswordKey: {{ ternary "user.password" $sec.tls.keystorePasswordKey (eq $auth "tls") | quote }}
{{- end -}}

{{- define "switchboard.kafkaBootstrap" -}}
{{- if .Values.kafka.strimzi.enabled -}}
{{- $tls := has .Values.kafka.security.protocol (list "SSL" "SASL_SSL") -}}
{{- printf "%s-kafka-bootstrap.%s.svc:%d" .Values.kafka.strimzi.clusterName .Release.Namespace (ternary 9093 9092 $tls) -}}
{{- else -}}
{{- required "kafka.bootstrapServers is required (or kafka.strimzi.enabled=true)" .Values.kafka.bootstrapServers -}}
{{- end -}}
{{- end -}}

{{/* A component's switchboard.outbound.* settings from its outboundRequests values. */}}
{{- define "switchboard.outboundProperties" -}}
{{- $o := . -}}
{{- $properties := dict "switchboard.outbound.max-redirects" $o.maxRedirects -}}
{{- with $o.allowedHosts }}{{ $_ := set $properties "switchboard.outbound.allowed-hosts" (join "," .) }}{{ end -}}
{{- with $o.allowedNetworks }}{{ $_ := set $properties "switchboard.outbound.allowed-networks" (join "," .) }}{{ end -}}
{{- toYaml $properties -}}
{{- end -}}

{{/*
A file from a Secret, for a pod's secretMounts: (list $ name existingSecret key). The Secret is existingSecret, or
the chart's own <fullname>-<name> when that is empty; the key's file is mounted at /etc/switchboard/<name>/<key>.
*/}}
{{- define "switchboard.secretFile" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- toYaml (dict "name" $name "secretName" (default (include "switchboard.name" (list $root $name)) (index . 2))
  "key" (index . 3) "mountPath" (printf "/etc/switchboard/%s" $name)) -}}
{{- end -}}

{{/* A component's ConfigMap: the shared settings, its own, then the operator's component.config map. */}}
{{- define "switchboard.configMap" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
{{- $own := index . 2 -}}
{{- $extra := index . 3 -}}
{{- range $key, $value := $extra }}
{{- if include "switchboard.shared" $key }}
{{- fail (printf "%s.config may not set %s: every service must have the same value; set it in sharedConfig" $component $key) -}}
{{- end }}
{{- end }}
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
name/containerPort), env (more env entries), secretFiles (more switchboard.secretFile entries), jvm (JVM flags of
the chart's own, before javaToolOptions), preStop (seconds to sleep before SIGTERM), grace (seconds).
*/}}
{{- define "switchboard.podTemplate" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $s := .settings -}}
{{- $kafka := include "switchboard.kafkaSecurity" $root | fromYaml -}}
{{- $t := $v.security.tokenVerifier -}}
{{- $files := list -}}
{{- if or $t.publicKey $t.existingSecret }}
{{- $files = append $files (include "switchboard.secretFile" (list $root "token-verifier" $t.existingSecret $t.key) | fromYaml) -}}
{{- end }}
{{- if $kafka.caSecret }}
{{- $files = append $files (include "switchboard.secretFile" (list $root "kafka-ca" $kafka.caSecret $kafka.caKey) | fromYaml) -}}
{{- end }}
{{- if $kafka.keystoreSecret }}
{{- $files = append $files (include "switchboard.secretFile" (list $root "kafka-keystore" $kafka.keystoreSecret $kafka.keystoreKey) | fromYaml) -}}
{{- end }}
{{- $files = concat $files (default (list) .secretFiles) -}}
metadata:
  labels:
    {{- include "switchboard.labels" (list $root .component) | nindent 4 }}
    {{- with $s.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    # A changed configuration restarts the pods.
    checksum/config: {{ include (print $root.Template.BasePath "/config.yaml") $root | sha256sum }}
    checksum/secrets: {{ include (print $root.Template.BasePath "/secrets.yaml") $root | sha256sum }}
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
        {{- if $kafka.jaasSecret }}
        # Read by kafka.sasl.jaas.config in the ConfigMap, so the credentials never sit in one.
        - name: SWITCHBOARD_KAFKA_SASL_JAAS_CONFIG
          valueFrom:
            secretKeyRef:
              name: {{ $kafka.jaasSecret }}
              key: {{ $kafka.jaasKey }}
        {{- end }}
        {{- if $kafka.keystoreSecret }}
        # Read by kafka.ssl.keystore.password in the ConfigMap.
        - name: SWITCHBOARD_KAFKA_SSL_KEYSTORE_PASSWORD
          valueFrom:
            secretKeyRef:
              name: {{ $kafka.keystoreSecret }}
              key: {{ $kafka.keystorePasswordKey }}
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
        {{- range $files }}
        - name: {{ .name }}
          mountPath: {{ .mountPath }}
          readOnly: true
        {{- end }}
  volumes:
    - name: config
      configMap:
        name: {{ include "switchboard.name" (list $root .component) }}
    - name: tmp
      emptyDir:
        sizeLimit: {{ $s.tmpSizeLimit }}
    {{- /* Only the one key this pod reads, not the rest of the Secret. */}}
    {{- range $files }}
    - name: {{ .name }}
      secret:
        secretName: {{ .secretName }}
        items:
          - key: {{ .key }}
            path: {{ .key }}
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
