using System.Diagnostics;
using System.Globalization;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Scaling;

/// <summary>
/// The ports deploy/farm.sh and deploy/postgres.sh (deploy/free-port.sh) and the tests (<see cref="LoopbackPort"/>)
/// give servers: never one of the kernel's ephemeral range, where an outgoing connection, live or in TIME-WAIT, makes
/// the server's bind fail (a farm once did not come up for that), and never the same one twice.
/// </summary>
public sealed class FreePortTests
{
    private static int EphemeralStart => int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0], CultureInfo.InvariantCulture);

    [Fact]
    public void The_scripts_hand_out_distinct_ports_below_the_ephemeral_range()
    {
        var taken = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo("bash", ["-c", $". '{Path.Combine(RepoPaths.Root, "deploy", "free-port.sh")}'; for i in $(seq 1 300); do free_port; done"])
            {
                RedirectStandardOutput = true,
                Environment = { ["FREE_PORTS_TAKEN"] = taken },
            };
            using var script = Process.Start(start)!;
            var ports = script.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
            script.WaitForExit();

            Assert.Equal(300, ports.Count);
            Assert.All(ports, p => Assert.InRange(p, 1024, EphemeralStart - 1));
            Assert.Equal(ports.Count, ports.Distinct().Count());
            Assert.Equal(ports, File.ReadAllLines(taken).Select(int.Parse));
        }
        finally
        {
            File.Delete(taken);
        }
    }

    [Fact]
    public void The_tests_hand_out_distinct_ports_below_the_ephemeral_range()
    {
        var ports = Enumerable.Range(0, 300).Select(_ => LoopbackPort.Free()).ToList();

        Assert.All(ports, p => Assert.InRange(p, 1024, EphemeralStart - 1));
        Assert.Equal(ports.Count, ports.Distinct().Count());
    }
}
