using System.Diagnostics;

namespace ShopWeb.Identity;

/// <summary>
/// Pages that do more for an address with an account than for one without (a token made, an email queued: about a
/// millisecond) answer no sooner than <see cref="Floor"/> after they began, so the time of the answer, like its
/// words, does not tell whether the account exists.
/// </summary>
public static class SteadyAnswerTime
{
    /// <summary>Far above what either path costs, and too short for a person to notice on a form they send once.</summary>
    public static readonly TimeSpan Floor = TimeSpan.FromMilliseconds(200);

    /// <param name="startedAt">A <see cref="Stopwatch.GetTimestamp"/> taken before the lookup of the address.</param>
    public static Task WaitOutAsync(long startedAt, CancellationToken cancellationToken)
    {
        var left = Floor - Stopwatch.GetElapsedTime(startedAt);
        return left > TimeSpan.Zero ? Task.Delay(left, cancellationToken) : Task.CompletedTask;
    }
}
