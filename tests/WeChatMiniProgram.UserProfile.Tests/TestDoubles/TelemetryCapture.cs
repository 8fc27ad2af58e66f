using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace WeChatMiniProgram.UserProfile.Tests.TestDoubles;

/// <summary>Listens to the "WeChatMiniProgram.UserProfile" ActivitySource and Meter and keeps everything they emit.</summary>
public sealed class TelemetryCapture : IDisposable
{
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters = new();

    public TelemetryCapture()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "WeChatMiniProgram.UserProfile",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Activities.Enqueue,
        };
        ActivitySource.AddActivityListener(_activities);

        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "WeChatMiniProgram.UserProfile")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            Measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        _meters.Start();
    }

    public ConcurrentQueue<Activity> Activities { get; } = new();

    public ConcurrentQueue<(string Instrument, long Value, KeyValuePair<string, object?>[] Tags)> Measurements { get; } = new();

    public long Sum(string instrument, string? tag = null, object? tagValue = null) => Measurements
        .Where(m => m.Instrument == instrument && (tag is null || m.Tags.Any(t => t.Key == tag && Equals(t.Value, tagValue))))
        .Sum(m => m.Value);

    /// <summary>Every string the telemetry carries: span names, tag values, status descriptions, measurement tags.</summary>
    public IEnumerable<string> AllText() => Activities
        .SelectMany(a => new[] { a.DisplayName, a.OperationName, a.StatusDescription ?? string.Empty }
            .Concat(a.TagObjects.Select(t => $"{t.Key}={t.Value}")))
        .Concat(Measurements.SelectMany(m => m.Tags.Select(t => $"{m.Instrument} {t.Key}={t.Value}")));

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }
}

/// <summary>Tests that read process-wide telemetry run alone, so other tests' calls do not show up in their counts.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryTests
{
    public const string Name = "Telemetry";
}
