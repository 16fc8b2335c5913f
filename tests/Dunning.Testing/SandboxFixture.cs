using Xunit;

namespace Dunning.Testing;

/// <summary>
/// One sandbox per test class (<c>IClassFixture&lt;SandboxFixture&gt;</c>): its fault mode is global, so classes that
/// run in parallel must not share one. Tests in the class share it and keep apart by their own customers and invoices.
/// </summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public SandboxProcess Sandbox { get; private set; } = null!;

    public async Task InitializeAsync() => Sandbox = await SandboxProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (Sandbox is not null) await Sandbox.DisposeAsync();
    }
}
