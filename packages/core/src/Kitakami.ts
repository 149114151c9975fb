/**
 * Kitakami City's plan as data: 北上市重層的支援体制整備事業実施計画, FY2025–FY2028, revision
 * 2026-04 (PRG-1…PRG-5, ORG-1…ORG-4, KPI-0, KPI-10; seed §1(2), §3, §4, §5, §6, §7).
 *
 * The catalog is decoded through {@link Catalog.Catalog} when this module loads, so it obeys
 * every rule another municipality's catalog must obey. Where the plan is silent the entry says
 * so in a `note`:
 * - the plan names the health field (保健分野) among the core members (§5ア, §6) but not the
 *   section; the entry uses the plan's own words, 保健分野の関係課;
 * - the plan counts 8 daily-living areas (日常生活圏域) but only lists the 14 districts (地区)
 *   each community general support centre covers; centres are assigned by district (ORG-2);
 * - the revision's day is not printed (2026年4月改訂); it is taken to apply from 1 April 2026,
 *   the first day of FY2026. The 2025-04 text it revises is not part of the seed, so the
 *   2025-04 entry of {@link revisions} repeats the 2026-04 content (its `revision.note` says so):
 *   decisions dated in FY2025 then have a revision in force.
 * - the data itself lives in an internal module and is decoded by `Catalog` at load.
 *
 * @module
 */
import * as Catalog from "./Catalog.ts"

/** ORG-4: Kitakami's catalog, revision 2026-04 (in force from 2026-04-01, Japan time); the same value as `Catalog.kitakami`. */
export const catalog: Catalog.Catalog = Catalog.kitakami

/** ORG-4, AUD-3: every revision of Kitakami's plan this library encodes, oldest first (2025-04, 2026-04). */
export const revisions: ReadonlyArray<Catalog.Catalog> = Catalog.kitakamiRevisions
