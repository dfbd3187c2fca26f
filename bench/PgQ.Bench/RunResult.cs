namespace PgQ.Bench;

/// <summary>
/// One run's figures. Produced ev/s counts over the production window; consumed ev/s over the whole
/// run until the consumer had received the last produced event (production plus drain).
/// </summary>
internal sealed record RunResult(
    string Implementation,
    int Producers,
    long Events,
    long Batches,
    double ProduceSeconds,
    double EndToEndSeconds,
    TimeSpan? LagAtStop,
    long? PendingAtStop,
    double PeakRssMegabytes,
    double LoadAverage)
{
    public double ProducedPerSecond => Events / ProduceSeconds;
    public double ConsumedPerSecond => Events / EndToEndSeconds;
    public double DrainSeconds => EndToEndSeconds - ProduceSeconds;
}
