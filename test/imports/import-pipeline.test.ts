import { beforeEach, describe, expect, it } from "vitest";
import { listMerges, listRowErrors } from "../../ledgers/import-jobs.ts";
import { readFlows, writeBusinesses, writeFlows, writeSites } from "../../ingest/write-path.ts";
import { aBusiness, aFlow, aSite } from "../helpers/builders.ts";
import { csvText, storeCounts, submitText, waitForJob, withIngestWorkerPerTest } from "../helpers/imports.ts";
import { names, writeContext } from "../helpers/stores.ts";

// A municipality's register as Excel exports it in Denmark: semicolons, decimal commas,
// Danish headers, a unit in one header, some rows incomplete or wrong.
const HEADER = ["Virksomhed", "NACE", "Adresse", "Postnr", "By", "Breddegrad", "Længdegrad", "Udbud/behov", "Ressource", "Beskrivelse", "Mængde", "Enhed", "Temperatur (°C)"];
const ROWS: (string | number)[][] = [
  ["Novo Nordisk A/S", "21.20", "Hallas Allé 1", "4400", "Kalundborg", "55,6720", "11,0930", "udbud", "waste_heat_low", "kølevand fra fermentering", "12.000", "MWh", "35"], // line 2
  ["Kalundborg Forsyning", "37.00", "", "4400", "Kalundborg", "55,6800", "11,1000", "behov", "process_heat", "fjernvarme", "40.000", "MWh", "70"], // line 3
  ["Bryggeri Vestsjælland ApS", "11.05", "", "", "Kalundborg", "55,6900", "11,0800", "udbud", "", "spent brewer's grains from the mash tun", "3.500", "t/yr", ""], // line 4
  ["Mejeri Nord", "10.51", "", "", "Kalundborg", "55,7000", "11,1200", "udbud", "waste_heat_low", "", "", "", ""], // line 5: no quantity
  ["Foo ApS", "10.51", "", "", "", "abc", "11,1", "udbud", "whey", "", "100", "t/yr", ""], // line 6: bad latitude
  ["Bar ApS", "99999", "", "", "", "55,6", "11,1", "udbud", "whey", "", "100", "t/yr", ""], // line 7: bad NACE
  ["Baz ApS", "10.51", "", "", "", "55,6", "11,1", "udbud", "whey", "", "100", "bananas", ""], // line 8: bad unit
  ["NOVO NORDISK", "21.20", "", "", "Kalundborg", "55,6722", "11,0932", "behov", "steam", "", "25.000", "MWh", "180"], // line 9: same company, same site
  ["Aalborg Portland A/S", "23.51", "", "", "Aalborg", "57,0530", "9,9300", "udbud", "waste_heat_high", "", "80.000", "MWh", "250"], // line 10: known
];

describe("the import pipeline: a municipal register, end to end", () => {
  const suite = withIngestWorkerPerTest();

  beforeEach(async () => {
    // Aalborg Portland is already on the platform, registered by the company itself.
    const ctx = writeContext(suite.stores, "test");
    await writeBusinesses(ctx, [aBusiness({ externalId: "aalborg-portland", name: "Aalborg Portland", naceCode: "23.51" })]);
    await writeSites(ctx, [aSite("aalborg-portland", { externalId: "ap-rordal", name: "Rørdal works", lat: 57.0555, lon: 9.932 })]);
  });

  it("imports the good rows into both stores and reports every bad row by line and column", async () => {
    const job = await waitForJob(suite.stores, (await submitText(suite.stores, csvText(HEADER, ROWS))).id);


    expect(job.rows).toMatchObject({ received: 9, processed: 9, refused: 3, created: 6 });
    const errors = await listRowErrors(suite.stores.db.knex, job.id, 0, 100);
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [6, "Breddegrad"],
      [7, "NACE"],
      [8, "Enhed"],
    ]);
    expect(errors[0]!.reason).toMatch(/must be a number/);
    expect(errors[2]!.reason).toMatch(/unknown unit "bananas"/);

    const counts = await storeCounts(suite.stores);
    // Novo Nordisk (2 rows, one site), Kalundborg Forsyning, the brewery, the dairy, plus the
    // two flows' worth of Aalborg Portland merged into the stored business and site.
    expect(counts).toMatchObject({ businesses: 5, graphSites: 5, indexSites: 5, graphFlows: 6, indexFlows: 6 });
  });

  it("fills gaps with NACE defaults and coding help, flagged as estimated", async () => {
    const job = await waitForJob(suite.stores, (await submitText(suite.stores, csvText(HEADER, ROWS))).id);
    const { records } = await suite.stores.neo4j.executeQuery(
      "MATCH (b:Business)-[:OPERATES]->(:Site)-[:OFFERS]->(f:ResourceFlow) WHERE b.name IN ['Mejeri Nord', 'Bryggeri Vestsjælland ApS'] RETURN b.name AS name, f.id AS id",
    );
    const ids = Object.fromEntries(records.map((r) => [r.get("name"), r.get("id")]));
    const flows = await readFlows(suite.stores.neo4j, Object.values(ids));
    const dairy = flows.get(ids["Mejeri Nord"])!.doc;
    expect(dairy.quantity).toEqual({ value: 4000, unit: "MWh/yr" });
    expect(dairy.precision).toBe("rough");
    expect(dairy.estimatedFields).toEqual(expect.arrayContaining(["quantity", "temperatureC", "schedule"]));
    const brewery = flows.get(ids["Bryggeri Vestsjælland ApS"])!.doc;
    expect(brewery.resourceType).toBe("spent_grain");
    expect(brewery.estimatedFields).toContain("resourceType");
    expect(job.status).toBe("completed");
  });

  it("recognises a company already on the platform by name and nearby site, and records the merge", async () => {
    const job = await waitForJob(suite.stores, (await submitText(suite.stores, csvText(HEADER, ROWS))).id);
    const merges = await listMerges(suite.stores.db.knex, job.id);
    expect(merges).toEqual([
      expect.objectContaining({ line: 10, entityType: "business", intoId: "aalborg-portland", incomingName: "Aalborg Portland A/S" }),
      expect.objectContaining({ line: 10, entityType: "site", intoId: "ap-rordal" }),
    ]);
    const { records } = await suite.stores.neo4j.executeQuery("MATCH (b:Business {id: 'aalborg-portland'})-[:OPERATES]->(s:Site)-[:OFFERS]->(f) RETURN b.name AS name, s.id AS site, f.resourceType AS type");
    expect(records.map((r) => [r.get("name"), r.get("site"), r.get("type")])).toEqual([["Aalborg Portland", "ap-rordal", "waste_heat_high"]]);
  });

  it("importing the same file twice creates no duplicate", async () => {
    const text = csvText(HEADER, ROWS);
    await waitForJob(suite.stores, (await submitText(suite.stores, text)).id);
    const before = await storeCounts(suite.stores);

    const again = await waitForJob(suite.stores, (await submitText(suite.stores, text)).id);

    expect(await storeCounts(suite.stores)).toEqual(before);
    expect(again.rows).toMatchObject({ created: 0, updated: 0, unchanged: 6, refused: 3 });
  });

  it("keeps a flow the company declared itself instead of adding the register's copy", async () => {
    const ctx = writeContext(suite.stores, "test");
    await writeFlows(ctx, [aFlow("ap-rordal", { externalId: "ap-kiln-heat", resourceType: "waste_heat_high", quantity: { value: 95_000, unit: "MWh/yr" }, quality: { temperatureC: 300 }, precision: "measured" })]);

    const job = await waitForJob(suite.stores, (await submitText(suite.stores, csvText(HEADER, ROWS))).id);

    expect(job.rows.merged).toBe(1);
    const flows = await readFlows(suite.stores.neo4j, ["ap-kiln-heat"]);
    expect(flows.get("ap-kiln-heat")!.doc.quantity.value).toBe(95_000);
    expect((await listMerges(suite.stores.db.knex, job.id)).map((m) => m.entityType)).toContain("flow");
  });

  it("refuses a file whose columns cannot work, naming the missing column, and creates no job", async () => {
    await expect(submitText(suite.stores, csvText(["Company", "Resource"], [["A", "whey"]], ","))).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      errors: [expect.objectContaining({ field: "columns.lat" })],
    });
    const [jobs] = await suite.stores.db.knex("import_jobs").count<{ count: string }[]>("* as count");
    expect(Number(jobs!.count)).toBe(0);
  });

  it("sends a malformed chunk to the dead-letter stream with the reason", async () => {
    const js = suite.stores.nats.jetstream();
    await js.publish(names.subjects.ingestRaw, JSON.stringify({ jobId: "imp_nosuchjob000", chunk: "x", rows: [] }));
    await js.publish(names.subjects.ingestRaw, "not json at all");

    const jsm = await suite.stores.nats.jetstreamManager();
    const letters: { reason: string; payload: string }[] = [];
    for (let i = 0; i < 100 && letters.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      letters.length = 0;
      const info = await jsm.streams.info(names.streams.deadLetters);
      for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
        const m = await jsm.streams.getMessage(names.streams.deadLetters, { seq }).catch(() => undefined);
        if (m?.subject === names.subjects.deadLetter("ingest-raw")) letters.push(JSON.parse(new TextDecoder().decode(m.data)));
      }
    }
    expect(letters.map((l) => l.reason)).toEqual([expect.stringMatching(/^unparseable: chunk: /), expect.stringMatching(/^unparseable: .*JSON/)]);
    expect(letters[1]!.payload).toBe("not json at all");
  });
});
