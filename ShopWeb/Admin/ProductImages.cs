using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Xml;
using Microsoft.Extensions.Options;

namespace ShopWeb.Admin;

/// <summary>
/// Product images uploaded by admins: recognised by their content, not their name (PNG, JPEG, WebP, or an SVG
/// with nothing active in it), at most 2 MB, kept outside wwwroot/ and served at /media/.
/// </summary>
public sealed partial class ProductImages(IOptions<UploadOptions> options, IHostEnvironment environment, ILogger<ProductImages> logger)
{
    public string Folder => Path.GetFullPath(options.Value.Path, environment.ContentRootPath);

    /// <summary>The URLs of the uploaded images, newest first: what a variant may choose as its own image.</summary>
    public IEnumerable<string> Uploaded() => Directory.Exists(Folder)
        ? new DirectoryInfo(Folder).EnumerateFiles().Where(f => f.Extension is ".png" or ".jpg" or ".webp" or ".svg")
            .OrderByDescending(f => f.LastWriteTimeUtc).Select(f => "/media/" + f.Name)
        : [];

    /// <returns>The URL of the stored image, or the reason it was refused.</returns>
    public async Task<(string? Url, string? Error)> StoreAsync(IFormFile file, CancellationToken cancellationToken = default)
    {
        if (file.Length == 0)
        {
            return (null, "The image file is empty.");
        }

        if (file.Length > options.Value.MaxBytes)
        {
            return (null, $"The image is larger than {options.Value.MaxBytes / 1024 / 1024} MB.");
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        var extension = Recognise(bytes);
        if (extension is null)
        {
            return (null, "Upload a PNG, JPEG, WebP or SVG image; this file is none of them.");
        }

        if (extension == ".svg" && !IsInertSvg(bytes))
        {
            return (null, "This SVG contains scripts, event handlers, style sheets or links to other files, so it was refused.");
        }

        var name = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)) + extension;
        try
        {
            Directory.CreateDirectory(Folder);
            await File.WriteAllBytesAsync(Path.Combine(Folder, name), bytes, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Checked at start, but a disk fills up and permissions change: the admin's form says so, nothing half-saved.
            logger.LogError(ex, "An uploaded image could not be written to {Folder}", Folder);
            return (null, "The image could not be stored on the server, so nothing was saved. Whoever runs the shop can see why in its log.");
        }

        return ("/media/" + name, null);
    }

    public static string? Recognise(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ".png";
        }

        if (bytes.StartsWith((byte[])[0xFF, 0xD8, 0xFF]))
        {
            return ".jpg";
        }

        if (bytes.Length > 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return ".webp";
        }

        var head = System.Text.Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 512)]).TrimStart('\uFEFF', ' ', '\n', '\r', '\t');
        return head.StartsWith("<svg", StringComparison.Ordinal) || (head.StartsWith("<?xml", StringComparison.Ordinal) && head.Contains("<svg", StringComparison.Ordinal))
            ? ".svg"
            : null;
    }

    /// <summary>
    /// An SVG with no script, no event handler, no foreign content and no reference outside itself: no style sheet (its
    /// rules can import and fetch), no processing instruction (an XSLT sheet), no <c>url(…)</c> but to its own parts, and
    /// no animation that sets a link or a handler (<c>&lt;set attributeName="href" to="javascript:…"&gt;</c>).
    /// </summary>
    internal static bool IsInertSvg(byte[] bytes)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.ProcessingInstruction)
                {
                    return false;
                }

                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (reader.LocalName is "script" or "foreignObject" or "iframe" or "embed" or "object" or "style")
                {
                    return false;
                }

                while (reader.MoveToNextAttribute())
                {
                    var isLink = reader.LocalName == "href" && !reader.Value.StartsWith('#');
                    var setsLinkOrHandler = reader.LocalName == "attributeName"
                        && (reader.Value.EndsWith("href", StringComparison.OrdinalIgnoreCase) || reader.Value.StartsWith("on", StringComparison.OrdinalIgnoreCase));
                    var fetches = OutsideUrl().IsMatch(reader.Value) || reader.Value.Contains("@import", StringComparison.OrdinalIgnoreCase);
                    if (reader.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase) || isLink || setsLinkOrHandler || fetches)
                    {
                        return false;
                    }
                }
            }

            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    /// <summary>A <c>url(…)</c> to anything but a part of the same image (<c>url(#gradient)</c>).</summary>
    [GeneratedRegex(@"url\(\s*['""]?\s*[^#'""\s)]", RegexOptions.IgnoreCase)]
    private static partial Regex OutsideUrl();
}
