using ShopWeb.Tests.Infrastructure.Telemetry;

namespace ShopWeb.E2E.Infrastructure.Telemetry;

/// <summary>
/// The last test of the run: nothing any shop exported over the whole run (span names and attributes, log bodies and
/// attributes, metric names and labels, resource attributes) holds a personal value a journey typed, or anything
/// shaped like an email address.
/// </summary>
/// <remarks>
/// A test rather than a check in the shop fixture's disposal: xunit 2 reports a fixture's failed cleanup as an error
/// message, not as a failed test in the trx, so test.sh's summary would not name it. This test's collection disables
/// parallelization, and xunit 2 runs such collections after every parallel one has finished, fixtures disposed (the
/// journeys' collection, whose shop fixture stops the shop and so flushes its exporters). It checks that every shop
/// has stopped, so a change to that order fails loudly instead of reading half a run.
/// </remarks>
[Collection(ExportedTelemetryCollection.Name)]
public sealed class ExportedTelemetryTests
{
    [Fact]
    public void No_personal_data_was_exported_over_the_whole_run()
    {
        if (!RunTelemetry.AnyShopStarted)
        {
            return; // a run filtered to this test alone: no shop ran, nothing was exported
        }

        Assert.True(RunTelemetry.ShopsRunning == 0, $"{RunTelemetry.ShopsRunning} shop(s) still running: this check must run after every journey");
        var receiver = RunTelemetry.Receiver;
        Assert.NotEmpty(receiver.Spans());
        Assert.NotEmpty(receiver.MetricNames());
        Assert.NotEmpty(receiver.LogRecords());

        var findings = PersonalDataScan.Findings(receiver, TypedPersonalData.ByValue);
        Assert.True(findings.Count == 0, $"Personal data exported over OTLP ({TypedPersonalData.ByValue.Count} values typed in the run):\n" + string.Join("\n", findings));
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExportedTelemetryCollection
{
    public const string Name = "Exported telemetry, after every journey";
}
