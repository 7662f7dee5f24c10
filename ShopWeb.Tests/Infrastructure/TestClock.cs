namespace ShopWeb.Tests.Infrastructure;

/// <summary>The shop's clock in tests: real time, plus however far a test has moved it on. Never slept on.</summary>
public sealed class TestClock : TimeProvider
{
    private TimeSpan offset;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;

    public void Advance(TimeSpan by) => offset += by;
}
