// The dashboard's charts, drawn from the JSON the page carries (no inline script). Every bar and point
// opens the list of records behind it.
(function () {
  const source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  // Legends and axes show names (data.names, from the server's display layer); links stay keyed by code.
  const names = data.names || {};
  const named = (group, code) => (names[group] && names[group][code]) || code;
  const colours = ["#198754", "#0d6efd", "#fd7e14", "#6f42c1", "#dc3545", "#20c997", "#6c757d"];
  const go = (url) => { if (url) window.location.assign(url); };
  const chart = (id, config) => {
    const canvas = document.getElementById(id);
    if (canvas) new Chart(canvas, { ...config, options: { responsive: true, animation: false, ...config.options } });
  };
  chart("chart-years", {
    type: "bar",
    data: {
      labels: data.years.map(String),
      datasets: data.kinds.map((kind, i) => ({
        label: named("kinds", kind), code: kind, backgroundColor: colours[i % colours.length],
        data: data.years.map((y) => data.by_year_kind[String(y)][kind] || 0),
      })),
    },
    options: {
      scales: { x: { stacked: true }, y: { stacked: true } },
      onClick: (event, elements, c) => {
        if (!elements.length) return;
        const e = elements[0];
        go(data.links.by_year_kind[`${c.data.labels[e.index]}:${c.data.datasets[e.datasetIndex].code}`]);
      },
    },
  });
  chart("chart-parts", {
    type: "bar",
    data: {
      labels: data.by_part.map((p) => p.name),
      datasets: [
        { label: "Cá nhân", backgroundColor: colours[0], data: data.by_part.map((p) => p.people) },
        { label: "Tập thể", backgroundColor: colours[1], data: data.by_part.map((p) => p.units) },
      ],
    },
    options: { onClick: (event, elements) => elements.length && go(data.links.by_part[data.by_part[elements[0].index].code]) },
  });
  chart("chart-quotas", {
    type: "bar",
    data: {
      labels: data.quotas.map((q) => named("titles", q.code)),
      datasets: [
        { label: "Đạt", backgroundColor: colours[0], data: data.quotas.map((q) => q.held) },
        { label: "Tối đa theo chỉ tiêu", backgroundColor: colours[6], data: data.quotas.map((q) => q.limit) },
      ],
    },
    options: { onClick: (event, elements) => elements.length && go(data.links.titles[data.quotas[elements[0].index].code]) },
  });
  chart("chart-registrations", {
    type: "bar",
    data: {
      labels: data.registrations.map((r) => named("titles", r.code)),
      datasets: [
        { label: "Đăng ký", backgroundColor: colours[1], data: data.registrations.map((r) => r.registered) },
        { label: "Đạt", backgroundColor: colours[0], data: data.registrations.map((r) => r.achieved) },
      ],
    },
    options: {
      onClick: (event, elements) => {
        if (!elements.length) return;
        const code = data.registrations[elements[0].index].code;
        go(elements[0].datasetIndex === 0 ? data.links.registrations[code] : data.links.titles[code]);
      },
    },
  });
  if (data.rankings && data.rankings.length) {
    const units = [...new Set(data.rankings.flatMap((r) => Object.keys(r.ranks)))];
    chart("chart-rankings", {
      type: "line",
      data: {
        labels: data.rankings.map((r) => String(r.year)),
        datasets: units.map((u, i) => ({ label: named("units", u), borderColor: colours[i % colours.length],
          data: data.rankings.map((r) => r.ranks[u] ?? null) })),
      },
      options: {
        scales: { y: { reverse: true, ticks: { precision: 0 } } },
        onClick: (event, elements, c) => elements.length && go(data.links.rankings[c.data.labels[elements[0].index]]),
      },
    });
  }
})();
