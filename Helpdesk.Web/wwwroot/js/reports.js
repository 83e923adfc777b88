// Draws the dashboard's charts from the figures the page carries (the same as its tables).
(function () {
    const source = document.getElementById('report-data');
    if (!source || typeof Chart === 'undefined') {
        return;
    }

    const data = JSON.parse(source.textContent);
    const common = { responsive: true, maintainAspectRatio: false, animation: false };

    new Chart(document.getElementById('chart-achievement'), {
        type: 'line',
        data: { labels: data.days, datasets: [{ label: 'Met in time (%)', data: data.achievement, borderColor: '#0d6efd', spanGaps: true }] },
        options: { ...common, scales: { y: { min: 0, max: 100 } } },
    });

    new Chart(document.getElementById('chart-backlog'), {
        data: {
            labels: data.days,
            datasets: [
                { type: 'bar', label: 'Opened', data: data.opened, backgroundColor: '#6ea8fe' },
                { type: 'bar', label: 'Solved', data: data.solved, backgroundColor: '#75b798' },
                { type: 'line', label: 'Backlog at end of day', data: data.backlog, borderColor: '#dc3545' },
            ],
        },
        options: { ...common, scales: { y: { beginAtZero: true } } },
    });

    new Chart(document.getElementById('chart-distribution'), {
        type: 'bar',
        data: { labels: data.buckets, datasets: [{ label: 'First responses', data: data.bucketCounts, backgroundColor: '#6f42c1' }] },
        options: { ...common, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });

    new Chart(document.getElementById('chart-satisfaction'), {
        type: 'bar',
        data: {
            labels: data.satisfactionDays,
            datasets: [
                { label: 'Good', data: data.good, backgroundColor: '#75b798' },
                { label: 'Bad', data: data.bad, backgroundColor: '#ea868f' },
            ],
        },
        options: { ...common, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    });
})();
