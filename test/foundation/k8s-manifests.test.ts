/**
 * deploy/k8s: every manifest is valid against the Kubernetes JSON schemas (kubernetes-models,
 * which validates each object with ajv against the schemas of the Kubernetes OpenAPI
 * document it ships; @kubernetes-models/keda does the same with KEDA's CRD schemas), and
 * says what the processes really do: the probe paths they serve, the ports they listen on,
 * and the stream and durable names their consumer lag is read from.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { Deployment } from "kubernetes-models/apps/v1";
import { ConfigMap, Service } from "kubernetes-models/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { Job } from "kubernetes-models/batch/v1";
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1";
import { eventNames } from "../../events/streams.ts";
import { INGEST_CONSUMERS } from "../../ingest/imports/worker.ts";
import { loadConfig } from "../../platform/config.ts";
import { REPO_ROOT } from "../helpers/repo-tree.ts";

const DIR = `${REPO_ROOT}deploy/k8s/`;

/** The schema model of each kind the manifests use: `validate()` throws on a violation. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  "apps/v1/Deployment": Deployment,
  "v1/Service": Service,
  "v1/ConfigMap": ConfigMap,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "batch/v1/Job": Job,
  "keda.sh/v1alpha1/ScaledObject": ScaledObject,
};

/** A manifest as parsed YAML: untyped, checked field by field below. */
type Manifest = any;

function validate(manifest: Manifest): void {
  const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
  if (!Model) throw new Error(`no schema for ${manifest.apiVersion} ${manifest.kind}`);
  new Model(manifest as never).validate();
}

const files = readdirSync(DIR).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml").sort();
const manifests: Manifest[] = files.flatMap((file) => parseAllDocuments(readFileSync(DIR + file, "utf8")).map((d) => ({ ...d.toJS(), file })));
const find = (kind: string, name: string): Manifest => {
  const m = manifests.find((x) => x.kind === kind && x.metadata?.name === name);
  if (!m) throw new Error(`no ${kind} ${name} in deploy/k8s`);
  return m;
};
const container = (name: string) => find("Deployment", name).spec.template.spec.containers[0];

describe("the Kubernetes manifests", () => {
  it("are each valid against the Kubernetes (and KEDA) schemas, and the kustomization lists every file", () => {
    expect(manifests.length).toBeGreaterThanOrEqual(10);
    for (const m of manifests) {
      const { file, ...manifest } = m;
      expect(() => validate(manifest), `${file}: ${m.kind} ${m.metadata?.name}`).not.toThrow();
    }
    const kustomization = parseAllDocuments(readFileSync(`${DIR}kustomization.yaml`, "utf8"))[0]!.toJS() as { resources: string[] };
    expect([...kustomization.resources].sort()).toEqual(files);
  });

  it("the validator refuses what the cluster would refuse", () => {
    const deployment = structuredClone(find("Deployment", "turash-api"));
    delete deployment.file;
    deployment.spec.template.spec.containers[0].readinessProbe.httpGet.port = { name: "http" };
    expect(() => validate(deployment)).toThrow();
    const scaled = structuredClone(find("ScaledObject", "turash-matching-worker"));
    delete scaled.file;
    delete scaled.spec.scaleTargetRef;
    expect(() => validate(scaled)).toThrow();
  });

  it("give the api, the ingest worker and the matching worker readiness and liveness probes on what they serve, and resource requests", () => {
    const config = loadConfig({ ...find("ConfigMap", "turash-config").data, JWT_SECRET: "x".repeat(40), WEBHOOK_SECRET_KEY: "x".repeat(40), ID_SECRET: "x".repeat(40), DATABASE_URL: "postgres://turash@postgres:5432/turash" });
    const api = container("turash-api");
    expect(api.readinessProbe.httpGet.path).toBe("/readyz");
    expect(api.livenessProbe.httpGet.path).toBe("/healthz");
    expect(api.ports[0].containerPort).toBe(config.port);
    const workers = { "turash-ingest-worker": config.metrics.ports.ingestWorker, "turash-matching-worker": config.metrics.ports.matchingWorker };
    for (const [name, port] of Object.entries(workers)) {
      const worker = container(name);
      expect(worker.ports[0].containerPort, name).toBe(port);
      expect([worker.readinessProbe.httpGet.path, worker.livenessProbe.httpGet.path], name).toEqual(["/healthz", "/healthz"]);
    }
    // The probes reach the workers only if their metrics server listens beyond loopback.
    expect(config.metrics.host).toBe("0.0.0.0");
    expect(config.nats.streamReplicas).toBe(3);
    for (const name of ["turash-api", ...Object.keys(workers)]) {
      const c = container(name);
      expect(c.resources.requests.cpu, name).toBeDefined();
      expect(c.resources.requests.memory, name).toBeDefined();
      expect(c.resources.limits.memory, name).toBeDefined();
    }
  });

  it("scale each worker on the lag of the durables it consumes, named as the code names them", () => {
    const names = eventNames(find("ConfigMap", "turash-config").data.NATS_STREAM_PREFIX);
    const lagOf = (name: string) =>
      find("ScaledObject", name).spec.triggers.map((t: Manifest) => {
        expect(t.type).toBe("nats-jetstream");
        return `${t.metadata.stream}/${t.metadata.consumer}`;
      });
    expect(find("ScaledObject", "turash-ingest-worker").spec.scaleTargetRef.name).toBe("turash-ingest-worker");
    expect(lagOf("turash-ingest-worker").sort()).toEqual([`${names.streams.ingest}/${INGEST_CONSUMERS.validate}`, `${names.streams.ingest}/${INGEST_CONSUMERS.write}`].sort());
    expect(find("ScaledObject", "turash-matching-worker").spec.scaleTargetRef.name).toBe("turash-matching-worker");
    expect(lagOf("turash-matching-worker")).toEqual([`${names.streams.events}/matching`]);
    // The api is scaled on CPU by an HPA; KEDA owns the workers' HPAs (two on one target fight).
    expect(find("HorizontalPodAutoscaler", "turash-api").spec.scaleTargetRef.name).toBe("turash-api");
    expect(manifests.filter((m) => m.kind === "HorizontalPodAutoscaler").map((m) => m.spec.scaleTargetRef.name)).toEqual(["turash-api"]);
  });
});
