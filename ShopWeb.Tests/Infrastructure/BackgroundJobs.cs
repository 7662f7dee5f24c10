namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// The shop's clocked jobs look at the shop's clock every two seconds: after a test moves <see cref="ShopFactory.Clock"/>
/// past a job's time, the job runs within moments, and the test waits for what it does.
/// </summary>
public static class BackgroundJobs
{
    /// <summary>Waits (at most 30 seconds) until <paramref name="done"/> holds; false if it never did.</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }
}
