/**
 * @module Geometry for the inline SVG charts. Only numbers and fixed palette strings leave this
 * file; every label is placed by the template, so handlebars escapes it.
 */
import type { Status, StatusCounts } from "../../model/index.js";
import type { TrendPoint } from "../model.js";

/** Calm palette; the status colours are doubled by an icon and a word everywhere they appear. */
export const STATUS_STYLE: Readonly<
  Record<Status, { readonly color: string; readonly icon: string; readonly word: string }>
> = {
  pass: { color: "#2f7d4f", icon: "✓", word: "Pass" },
  fail: { color: "#b4322d", icon: "✗", word: "Fail" },
  error: { color: "#b86b00", icon: "!", word: "Error" },
  not_applicable: { color: "#7a8089", icon: "–", word: "N/A" },
  overdue: { color: "#a34a00", icon: "⌛", word: "Overdue" },
  unassessed: { color: "#3f5e9e", icon: "?", word: "Unassessed" },
  waived: { color: "#7b5aa6", icon: "⊘", word: "Waived" },
  not_selected: { color: "#b0b5bd", icon: "·", word: "Not selected" },
};

const SERIES = ["#1f5fa8", "#c2571a", "#2f7d4f", "#7b5aa6", "#8a6d1d", "#3a8a8a"];
export const seriesColor = (i: number): string => SERIES[i % SERIES.length] ?? "#1f5fa8";

export interface Gauge {
  readonly dash: string;
  readonly color: string;
  readonly text: string;
}

/** A ring gauge of circumference 2π·40; the score fills it clockwise. */
export function gauge(score: number | null): Gauge {
  const c = 2 * Math.PI * 40;
  const v = score ?? 0;
  const color = score === null ? "#9aa1ab" : v >= 90 ? "#2f7d4f" : v >= 70 ? "#b86b00" : "#b4322d";
  return {
    dash: `${((v / 100) * c).toFixed(1)} ${c.toFixed(1)}`,
    color,
    text: score === null ? "–" : `${Math.round(v)}`,
  };
}

export interface BarSegment {
  readonly x: number;
  readonly width: number;
  readonly color: string;
  readonly count: number;
  readonly word: string;
}

/** One stacked bar (width 100 units) of a framework's status counts, widest statuses first in vocabulary order. */
export function statusBar(counts: StatusCounts): BarSegment[] {
  const order: Status[] = [
    "pass",
    "fail",
    "error",
    "overdue",
    "waived",
    "unassessed",
    "not_applicable",
    "not_selected",
  ];
  const total = order.reduce((s, k) => s + counts[k], 0);
  let x = 0;
  return order
    .filter((k) => counts[k] > 0)
    .map((k) => {
      const width = total === 0 ? 0 : (counts[k] / total) * 100;
      const seg = {
        x: Number(x.toFixed(2)),
        width: Number(width.toFixed(2)),
        color: STATUS_STYLE[k].color,
        count: counts[k],
        word: STATUS_STYLE[k].word,
      };
      x += width;
      return seg;
    });
}

export interface TrendSeries {
  readonly frameworkId: string;
  readonly color: string;
  readonly points: string;
  readonly dots: readonly { readonly x: number; readonly y: number; readonly label: string }[];
}

export interface TrendChart {
  readonly width: number;
  readonly height: number;
  /** x of the plot's right edge (grid lines end there). */
  readonly right: number;
  readonly series: readonly TrendSeries[];
  readonly ticks: readonly { readonly y: number; readonly label: string }[];
  readonly xLabels: readonly {
    readonly x: number;
    readonly label: string;
    readonly anchor: "start" | "middle" | "end";
  }[];
}

/** Score over runs (oldest left), 0–100 on the y axis; a run where a framework had no score leaves a gap. */
export function trendChart(trend: readonly TrendPoint[], frameworkIds: readonly string[]): TrendChart {
  const width = 720;
  const height = 180;
  const left = 36;
  const right = 12;
  const top = 12;
  const bottom = 28;
  const n = trend.length;
  const xAt = (i: number): number =>
    n <= 1 ? left + (width - left - right) / 2 : left + (i * (width - left - right)) / (n - 1);
  const yAt = (v: number): number => top + ((100 - v) * (height - top - bottom)) / 100;
  const series = frameworkIds.map((id, fi) => {
    const dots = trend.flatMap((t, i) => {
      const v = t.scores[id];
      return v === null || v === undefined
        ? []
        : [{ x: Number(xAt(i).toFixed(1)), y: Number(yAt(v).toFixed(1)), label: `${id}: ${v}` }];
    });
    return { frameworkId: id, color: seriesColor(fi), points: dots.map((d) => `${d.x},${d.y}`).join(" "), dots };
  });
  const ticks = [0, 25, 50, 75, 100].map((v) => ({ y: Number(yAt(v).toFixed(1)), label: String(v) }));
  const step = Math.max(1, Math.ceil(n / 6));
  const anchor = (i: number): "start" | "middle" | "end" =>
    n > 1 && i === 0 ? "start" : n > 1 && i === n - 1 ? "end" : "middle";
  // The last run always gets a label; a regular one too close to it is left out so they never overlap.
  const shown = trend.flatMap((t, i) => ((i % step === 0 && n - 1 - i >= step / 2) || i === n - 1 ? [i] : []));
  // Several runs on one day: the day alone would repeat, so labels carry the time (MM-DD HH:MM).
  const days = shown.map((i) => trend[i]?.startedAt.slice(0, 10) ?? "");
  const sameDay = new Set(days).size < days.length;
  const label = (t: TrendPoint): string =>
    sameDay ? t.startedAt.slice(5, 16).replace("T", " ") : t.startedAt.slice(0, 10);
  const xLabels = shown.flatMap((i) => {
    const t = trend[i];
    return t ? [{ x: Number(xAt(i).toFixed(1)), label: label(t), anchor: anchor(i) }] : [];
  });
  return { width, height, right: width - right, series, ticks, xLabels };
}
