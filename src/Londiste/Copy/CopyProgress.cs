using System.Diagnostics;
using System.Globalization;
using Londiste.Worker;
using Microsoft.Extensions.Logging;

namespace Londiste.Copy;

/// <summary>Logs a copy's progress (rows, MB, MB/s, ETA from the source's row estimate) at most once per interval.</summary>
internal sealed class CopyProgress
{
    private readonly string _table;
    private readonly double _estimatedRows;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private TimeSpan _nextReport;

    public CopyProgress(string table, double estimatedRows, TimeSpan interval, ILogger logger)
    {
        _table = table;
        _estimatedRows = estimatedRows;
        _interval = interval;
        _logger = logger;
        _nextReport = interval;
    }

    public long Bytes { get; private set; }

    public long Rows { get; private set; }

    public TimeSpan Elapsed => _watch.Elapsed;

    public void Report(int bytes, long rows)
    {
        Bytes += bytes;
        Rows = rows;
        var elapsed = _watch.Elapsed;
        if (elapsed < _nextReport)
        {
            return;
        }
        _nextReport = elapsed + _interval;
        var megabytes = Bytes / 1048576.0;
        var rate = megabytes / Math.Max(elapsed.TotalSeconds, 0.001);
        var rowsPerSecond = Rows / Math.Max(elapsed.TotalSeconds, 0.001);
        var eta = _estimatedRows > Rows && rowsPerSecond > 0
            ? TimeSpan.FromSeconds(Math.Ceiling((_estimatedRows - Rows) / rowsPerSecond)).ToString("c", CultureInfo.InvariantCulture)
            : "unknown";
        WorkerLog.CopyProgress(_logger, _table, Rows, megabytes, rate, eta);
    }
}
