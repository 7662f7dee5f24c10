using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Infrastructure;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// A page from the cache is filled as it goes out, in whatever pieces the cache writes it: a hole cut by a piece's end,
/// in a plain page or inside gzip, comes out filled all the same, and the gzip's CRC is right for the filled page.
/// </summary>
public sealed class AntiforgeryHoleFillerTests
{
    private static readonly AntiforgeryHole Hole = new(new ServiceCollection().AddLogging().AddAntiforgery().BuildServiceProvider());

    [Theory]
    [InlineData("")]
    [InlineData("gzip")]
    public async Task A_page_written_in_pieces_of_any_size_comes_out_with_every_hole_filled(string encoding)
    {
        var placeholder = Hole.PlaceholderBytes;
        var token = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, placeholder.Length).Select(i => (char)('A' + i % 26))));
        var html = $"<form><input value=\"{Hole.Placeholder}\"></form>{new string('x', 40_000)}<form><input value=\"{Hole.Placeholder}\"></form>";
        var page = Encoding.ASCII.GetBytes(html);
        var expected = html.Replace(Hole.Placeholder, Encoding.ASCII.GetString(token), StringComparison.Ordinal);
        var sent = encoding.Length == 0 ? page : Gzip(page);

        foreach (var piece in new[] { 1, 7, placeholder.Length - 1, placeholder.Length + 1, 4096, sent.Length })
        {
            var pipe = new Pipe();
            var filler = AntiforgeryHoleFiller.For(encoding, pipe.Writer, placeholder, token);
            for (var at = 0; at < sent.Length; at += piece)
            {
                filler.Write(sent.AsSpan(at, Math.Min(piece, sent.Length - at)));
            }

            filler.Complete();
            await pipe.Writer.CompleteAsync();
            var output = (await pipe.Reader.ReadAtLeastAsync(int.MaxValue)).Buffer.ToArray();

            Assert.Equal(sent.Length, output.Length); // the cached length stays true
            Assert.Equal(expected, encoding.Length == 0 ? Encoding.ASCII.GetString(output) : Gunzip(output)); // GZipStream checks the CRC
        }
    }

    private static byte[] Gzip(byte[] page)
    {
        var output = new MemoryStream();
        using (var gzip = new SpliceableGzip(Hole).CreateStream(output))
        {
            gzip.Write(page);
        }

        return output.ToArray();
    }

    private static string Gunzip(byte[] body)
    {
        using var reader = new StreamReader(new GZipStream(new MemoryStream(body), CompressionMode.Decompress), Encoding.ASCII);
        return reader.ReadToEnd();
    }
}
