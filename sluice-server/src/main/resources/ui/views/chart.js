// The live chart of the last minutes, from GET /admin/history: records per second and p99 per
// plugin. uPlot is the global the bundled vendor/uPlot.iife.min.js defines.

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b',
  '#e377c2'];

/**
 * A chart in `container`; call the returned update(history) with each new history. The chart is
 * rebuilt when the set of plugins changes, else its data is swapped in place.
 */
export function liveChart(container, {title, value, unit}) {
  let chart = null;
  let names = '';
  const resize = () => chart?.setSize(size(container));
  window.addEventListener('resize', resize);
  const update = (history) => {
    const samples = history?.samples ?? [];
    const plugins = [...new Set(samples.flatMap((s) => Object.keys(s.plugins ?? {})))].sort();
    const data = [samples.map((s) => s.time / 1000),
      ...plugins.map((p) => samples.map((s, i) => value(s, samples[i - 1], p)))];
    if (plugins.join('\n') !== names || chart === null) {
      chart?.destroy();
      names = plugins.join('\n');
      chart = new uPlot({
        title, ...size(container),
        series: [{}, ...plugins.map((p, i) => ({label: p, stroke: COLOURS[i % COLOURS.length],
          width: 2, value: (u, v) => v === null || v === undefined ? '—' : v.toFixed(1) + unit}))],
        axes: [{}, {size: 70, values: (u, ticks) => ticks.map((t) => t + unit)}],
        scales: {y: {range: (u, min, max) => [0, Math.max(1, max)]}},
      }, data, container);
    } else {
      chart.setData(data);
    }
  };
  update.stop = () => {
    window.removeEventListener('resize', resize);
    chart?.destroy();
  };
  return update;
}

function size(container) {
  const width = Math.max(260, container.clientWidth || 600);
  return {width, height: width < 500 ? 180 : 220};
}

/** A count of the interval that ends at `sample`, per second (the history counts per interval). */
export function perSecond(key, intervalMs) {
  return (sample, previous, plugin) => {
    const count = sample.plugins?.[plugin]?.[key];
    return count === undefined ? null : count / (intervalMs() / 1000);
  };
}

export function latest(key) {
  return (sample, previous, plugin) => sample.plugins?.[plugin]?.[key] ?? null;
}
