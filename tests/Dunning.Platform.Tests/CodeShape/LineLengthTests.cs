using Dunning.Testing;

namespace Dunning.Platform.Tests.CodeShape;

/// <summary>The line-length rule in .editorconfig is only worth having if the code honours it; no analyzer enforces it.</summary>
public sealed class LineLengthTests
{
    [Fact]
    public async Task Every_tracked_cs_line_fits_the_max_line_length_in_editorconfig()
    {
        var limit = MaxLineLengthForCs(Path.Combine(TestEnvironment.RepositoryRoot, ".editorconfig"));

        var tooLong = new List<string>();
        foreach (var path in await TrackedCsFiles())
        {
            var lines = await File.ReadAllLinesAsync(Path.Combine(TestEnvironment.RepositoryRoot, path));
            for (var i = 0; i < lines.Length; i++)
                if (lines[i].Length > limit)
                    tooLong.Add($"{path}:{i + 1} ({lines[i].Length})");
        }

        Assert.True(tooLong.Count == 0, $"{tooLong.Count} lines are longer than {limit} characters:\n{string.Join('\n', tooLong)}");
    }

    private static async Task<IReadOnlyList<string>> TrackedCsFiles()
    {
        var (exitCode, output) = await ExternalCommand.RunAsync("git", "ls-files -- *.cs");
        Assert.True(exitCode == 0, $"git ls-files failed: {output}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(path => !path.Split('/').Any(folder => folder is "obj" or "bin"))
            .ToList();
    }

    /// <summary>The max_line_length set in the [*.cs] section; a missing rule fails the test rather than passing it vacuously.</summary>
    private static int MaxLineLengthForCs(string editorConfig)
    {
        string? section = null;
        foreach (var raw in File.ReadLines(editorConfig))
        {
            var line = raw.Trim();
            if (line.StartsWith('[') && line.EndsWith(']'))
                section = line;
            else if (section == "[*.cs]" && line.Split('=', 2) is [var key, var value] && key.Trim() == "max_line_length")
                return int.Parse(value.Trim());
        }
        throw new InvalidOperationException($"{editorConfig} sets no max_line_length in its [*.cs] section");
    }
}
