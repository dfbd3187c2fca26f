namespace PgQ;

/// <summary>One row of <c>pgq.get_queue_info()</c>: a queue's settings and its ticker's state.</summary>
/// <param name="QueueName">Queue name.</param>
/// <param name="TableCount">How many event tables rotate (<c>queue_ntables</c>).</param>
/// <param name="CurrentTable">Which event table producers write now (<c>queue_cur_table</c>).</param>
/// <param name="RotationPeriod">Minimum time between two rotations.</param>
/// <param name="SwitchTime">When the tables last rotated.</param>
/// <param name="ExternalTicker">Ticks come from outside (a cascade's provider), not from the ticker.</param>
/// <param name="TickerPaused">The ticker must not tick this queue.</param>
/// <param name="TickerMaxCount">Tick when this many events are waiting.</param>
/// <param name="TickerMaxLag">Tick when the oldest waiting event is this old.</param>
/// <param name="TickerIdlePeriod">Longest interval between ticks when the queue is idle.</param>
/// <param name="TickerLag">Time since the newest tick.</param>
/// <param name="EventsPerSecond">Recent event rate, or null when it cannot be computed.</param>
/// <param name="NewEvents">Events inserted since the newest tick (a sequence-based estimate).</param>
/// <param name="LastTickId">The newest tick's id.</param>
public sealed record PgQQueueInfo(
    string QueueName,
    int TableCount,
    int CurrentTable,
    TimeSpan RotationPeriod,
    DateTimeOffset SwitchTime,
    bool ExternalTicker,
    bool TickerPaused,
    int TickerMaxCount,
    TimeSpan TickerMaxLag,
    TimeSpan TickerIdlePeriod,
    TimeSpan? TickerLag,
    double? EventsPerSecond,
    long? NewEvents,
    long? LastTickId);
