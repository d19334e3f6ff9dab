/**
 * Static data the api serves as it is (the basemap's glyphs and land outlines): read and
 * gzip-compressed once per file, then answered from memory with an ETag, a day's public
 * caching and 304 on a matching If-None-Match. A browser that does not accept gzip gets the
 * plain bytes.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import type { Request, Response } from "express";

interface Asset {
  readonly plain: Buffer;
  readonly gzip: Buffer;
  readonly etag: string;
}

const cache = new Map<string, Promise<Asset>>();

function load(path: string): Promise<Asset> {
  let asset = cache.get(path);
  if (!asset) {
    asset = readFile(path).then((plain) => ({ plain, gzip: gzipSync(plain, { level: 9 }), etag: `"${createHash("sha1").update(plain).digest("base64url")}"` }));
    // A missing file is not remembered: it may be generated later.
    asset.catch(() => cache.delete(path));
    cache.set(path, asset);
  }
  return asset;
}

/** Compress and cache a body computed in memory (e.g. an empty glyph range). */
export function memoryAsset(key: string, plain: Buffer): void {
  if (!cache.has(key)) cache.set(key, Promise.resolve({ plain, gzip: gzipSync(plain), etag: `"${createHash("sha1").update(plain).digest("base64url")}"` }));
}

/** Answer `req` with the file at `path` (or a memoryAsset key); resolves false when there is none. */
export async function sendCompressed(req: Request, res: Response, path: string, contentType: string): Promise<boolean> {
  let asset: Asset;
  try {
    asset = await load(path);
  } catch {
    return false;
  }
  res.setHeader("Content-Type", contentType);
  res.setHeader("Cache-Control", "public, max-age=86400");
  res.setHeader("ETag", asset.etag);
  res.setHeader("Vary", "Accept-Encoding");
  if (req.headers["if-none-match"] === asset.etag) {
    res.status(304).end();
    return true;
  }
  const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  if (gzip) res.setHeader("Content-Encoding", "gzip");
  res.status(200).end(gzip ? asset.gzip : asset.plain);
  return true;
}
