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
    [InlineData("", null)] // a page marked by a shop that did not count its holes
    [InlineData("", 2)]
    [InlineData("gzip", 2)]
    public async Task A_page_written_in_pieces_of_any_size_comes_out_with_every_hole_filled(string encoding, int? holes)
    {
        var hole = Hole.HoleBytes;
        var token = string.Concat(Enumerable.Range(0, Hole.Placeholder.Length - 50).Select(i => (char)('A' + i % 26)));
        var html = $"<form><input value=\"{Hole.Placeholder}\"></form>{new string('x', 40_000)}<form><input value=\"{Hole.Placeholder}\"></form>";
        var page = Encoding.ASCII.GetBytes(html);
        var expected = html.Replace(Hole.Placeholder + '"', token + '"' + new string(' ', 50), StringComparison.Ordinal);
        var sent = encoding.Length == 0 ? page : Gzip(page);

        foreach (var piece in new[] { 1, 7, hole.Length - 1, hole.Length + 1, 4096, sent.Length })
        {
            var pipe = new Pipe();
            var filler = AntiforgeryHoleFiller.For(encoding, pipe.Writer, hole, Hole.Filling(token), holes);
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

    [Theory]
    [InlineData("")]
    [InlineData("gzip")]
    public async Task A_large_page_is_filled_within_the_servers_own_buffer_blocks(string encoding)
    {
        // Kestrel's response buffers are 4 KB blocks of its pool: asking for more room makes the pipe rent an array of
        // its own for the piece, which for a 2,048-variant page sent to 64 visitors at once was 1.6 GB of garbage a
        // second and a GC pause in every 14 ms.
        const int KestrelBlock = 4096;
        var token = new string('T', Hole.Placeholder.Length - 50);
        var html = $"<form><input value=\"{Hole.Placeholder}\"></form>{new string('x', 600_000)}<form><input value=\"{Hole.Placeholder}\"></form>";
        var sent = encoding.Length == 0 ? Encoding.ASCII.GetBytes(html) : Gzip(Encoding.ASCII.GetBytes(html));
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var server = new AskingWriter(pipe.Writer);

        var filler = AntiforgeryHoleFiller.For(encoding, server, Hole.HoleBytes, Hole.Filling(token), 2);
        filler.Write(sent); // the cache writes a page it holds in one piece
        filler.Complete();
        await pipe.Writer.CompleteAsync();
        var output = (await pipe.Reader.ReadAtLeastAsync(int.MaxValue)).Buffer.ToArray();

        Assert.InRange(server.LargestAsk, 1, KestrelBlock);
        var page = encoding.Length == 0 ? Encoding.ASCII.GetString(output) : Gunzip(output);
        Assert.Equal(html.Replace(Hole.Placeholder + '"', token + '"' + new string(' ', 50), StringComparison.Ordinal), page);
    }

    [Fact]
    public async Task A_plain_page_is_searched_up_to_its_last_hole_and_no_further()
    {
        // The 2,048-variant page's hole comes before its 573 KB of JSON-LD, which searching cost an eighth of the page's
        // CPU. Past the counted holes the bytes are copied as they are: even a placeholder there (which no page has) stays.
        var token = new string('T', Hole.Placeholder.Length - 50);
        var html = $"<form><input value=\"{Hole.Placeholder}\"></form>{new string('x', 20_000)}<script>\"{Hole.Placeholder}\"</script>";
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));

        var filler = AntiforgeryHoleFiller.For("", pipe.Writer, Hole.HoleBytes, Hole.Filling(token), 1);
        foreach (var piece in Encoding.ASCII.GetBytes(html).Chunk(3000))
        {
            filler.Write(piece);
        }

        filler.Complete();
        await pipe.Writer.CompleteAsync();
        var page = Encoding.ASCII.GetString((await pipe.Reader.ReadAtLeastAsync(int.MaxValue)).Buffer.ToArray());

        Assert.StartsWith($"<form><input value=\"{token}\"{new string(' ', 50)}></form>", page);
        Assert.EndsWith($"<script>\"{Hole.Placeholder}\"</script>", page);
        Assert.Equal(html.Length, page.Length);
    }

    [Fact]
    public void A_mark_counts_its_holes_and_a_mark_without_a_count_says_nothing_of_them()
    {
        var response = new Microsoft.AspNetCore.Http.DefaultHttpContext().Response;
        AntiforgeryHole.Mark(response);
        AntiforgeryHole.Mark(response);
        AntiforgeryHole.Mark(response);
        Assert.Equal(3, AntiforgeryHole.HolesIn(response.Headers));

        response.Headers[AntiforgeryHole.MarkHeader] = "1"; // how a shop before the count marked a page, which a cache may still hold
        Assert.Null(AntiforgeryHole.HolesIn(response.Headers));
    }

    [Fact]
    public void A_token_longer_by_what_another_key_adds_still_fits_and_reads_back_whole_from_the_form()
    {
        // A key made before the shop moved to AES-256-GCM (an AES-256-CBC one) makes tokens 42 characters longer, and
        // both may be in use at once in a farm sharing its cached pages.
        var antiforgery = new ServiceCollection().AddLogging().AddAntiforgery().BuildServiceProvider();
        var current = antiforgery.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>()
            .GetTokens(new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = antiforgery }).RequestToken!;
        foreach (var token in new[] { current, current + new string('A', 42), current[..^42] })
        {
            var form = Encoding.ASCII.GetString(Hole.Filling(token));
            var parsed = new AngleSharp.Html.Parser.HtmlParser().ParseDocument($"<input value=\"{form}>");
            Assert.Equal(token, parsed.QuerySelector("input")!.GetAttribute("value"));
            Assert.Equal(Hole.HoleBytes.Length, form.Length);
        }

        Assert.Throws<InvalidOperationException>(() => Hole.Filling(new string('A', Hole.Placeholder.Length + 1)));
    }

    /// <summary>The server's writer, noting the most room it was asked for at once.</summary>
    private sealed class AskingWriter(PipeWriter server) : PipeWriter
    {
        public int LargestAsk { get; private set; }

        public override Span<byte> GetSpan(int sizeHint = 0)
        {
            LargestAsk = Math.Max(LargestAsk, sizeHint);
            return server.GetSpan(sizeHint);
        }

        public override Memory<byte> GetMemory(int sizeHint = 0)
        {
            LargestAsk = Math.Max(LargestAsk, sizeHint);
            return server.GetMemory(sizeHint);
        }

        public override void Advance(int bytes) => server.Advance(bytes);
        public override void CancelPendingFlush() => server.CancelPendingFlush();
        public override void Complete(Exception? exception = null) => server.Complete(exception);
        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => server.FlushAsync(cancellationToken);
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
