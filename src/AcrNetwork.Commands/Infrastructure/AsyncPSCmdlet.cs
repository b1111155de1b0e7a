using System.Collections.Concurrent;
using System.Management.Automation;

namespace AcrNetwork.Commands;

/// <summary>
/// Base for cmdlets whose work is asynchronous. Each pipeline block runs on the thread pool; what
/// it writes is queued and written on the pipeline thread, the only thread PowerShell allows to, and so
/// is what must run in the runspace (<see cref="CmdletOutput.OnPipelineThreadAsync{T}"/>).
/// Ctrl+C (StopProcessing) cancels the block's token and releases the pipeline thread at once.
/// </summary>
public abstract class AsyncPSCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private bool canShowProgress;

    // The output of the block running now: the log writes there, whichever block created what logs.
    private volatile CmdletOutput? current;

    /// <summary>
    /// The engine's story of this command, written to the verbose stream, and its wire detail, to the debug stream;
    /// a no-op for a stream nobody asked for (-Verbose, -Debug or their preference variables), so nothing is built for it.
    /// </summary>
    private protected DiagnosisLog Log { get; private set; } = DiagnosisLog.None;

    protected override void BeginProcessing()
    {
        canShowProgress = HostCanShowProgress();
        Log = new DiagnosisLog(
            StreamWanted("Verbose", "VerbosePreference") ? message => current?.WriteLogged(c => c.WriteVerbose(message)) : null,
            StreamWanted("Debug", "DebugPreference") ? message => current?.WriteLogged(c => c.WriteDebug(message)) : null);
        RunBlock(BeginProcessingAsync);
    }

    protected override void ProcessRecord() => RunBlock(ProcessRecordAsync);

    protected override void EndProcessing() => RunBlock(EndProcessingAsync);

    protected override void StopProcessing() => stopping.Cancel();

    private protected virtual Task BeginProcessingAsync(CmdletOutput output, CancellationToken cancellationToken) => Task.CompletedTask;

    private protected virtual Task ProcessRecordAsync(CmdletOutput output, CancellationToken cancellationToken) => Task.CompletedTask;

    private protected virtual Task EndProcessingAsync(CmdletOutput output, CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>PowerShell disposes a cmdlet when its pipeline ends, stopped or not: release what the cmdlet opened.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            stopping.Dispose();
        }
    }

    private void RunBlock(Func<CmdletOutput, CancellationToken, Task> block)
    {
        using var queue = new BlockingCollection<Action>();
        CancellationToken token = stopping.Token;
        var output = new CmdletOutput(queue, this, canShowProgress, token);
        current = output;

        Task work = Task.Run(async () =>
        {
            try
            {
                await block(output, token).ConfigureAwait(false);
            }
            finally
            {
                queue.CompleteAdding();
            }
        });

        try
        {
            foreach (Action write in queue.GetConsumingEnumerable(token))
            {
                write();
            }
        }
        catch (OperationCanceledException)
        {
            throw new PipelineStoppedException();
        }
        finally
        {
            current = null;
        }

        try
        {
            work.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>
    /// Automation runbooks reject Write-Progress, and hosts without a UI (runspaces created by code,
    /// as runbook sandboxes are) cannot render it: progress is dropped there, not turned into noise.
    /// </summary>
    private bool HostCanShowProgress()
    {
        if (Host?.UI is null || Host.Name == "Default Host")
        {
            return false;
        }

        return !IsAutomationJob();
    }

    /// <summary>Whether a stream is shown: its common parameter when given (-Verbose:$false too), else its preference variable.</summary>
    private bool StreamWanted(string parameter, string preferenceVariable)
    {
        if (MyInvocation.BoundParameters.TryGetValue(parameter, out object? given))
        {
            return LanguagePrimitives.IsTrue(given);
        }

        return LanguagePrimitives.TryConvertTo(GetVariableValue(preferenceVariable), out ActionPreference preference)
            && preference is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore);
    }

    /// <summary>Azure Automation gives every job's session <c>$PSPrivateMetadata.JobId</c>.</summary>
    private protected bool IsAutomationJob() =>
        SessionState.PSVariable.GetValue("PSPrivateMetadata") is PSObject metadata && metadata.Properties["JobId"] is not null;

    /// <summary>
    /// What a block running on the thread pool may write, or have run in the runspace. Every call hands
    /// its work to the pipeline thread; nothing here blocks the caller.
    /// </summary>
    internal sealed class CmdletOutput
    {
        private readonly BlockingCollection<Action> queue;
        private readonly Cmdlet cmdlet;
        private readonly bool canShowProgress;
        private readonly CancellationToken stopping;

        internal CmdletOutput(BlockingCollection<Action> queue, Cmdlet cmdlet, bool canShowProgress, CancellationToken stopping)
        {
            this.queue = queue;
            this.cmdlet = cmdlet;
            this.canShowProgress = canShowProgress;
            this.stopping = stopping;
        }

        /// <summary>
        /// Runs <paramref name="work"/> on the pipeline thread, after the writes queued before it, and gives its result
        /// (or its exception): for what needs the runspace, such as the Az context or a piped object's properties.
        /// </summary>
        public async Task<T> OnPipelineThreadAsync<T>(Func<T> work)
        {
            var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);

            // Once the pipeline stops nothing is taken from the queue: the block is released, not left waiting.
            using CancellationTokenRegistration stopped = stopping.Register(() => result.TrySetCanceled(stopping));
            Post(_ =>
            {
                try
                {
                    result.TrySetResult(work());
                }
                catch (Exception ex)
                {
                    result.TrySetException(ex);
                }
            });
            return await result.Task.ConfigureAwait(false);
        }

        /// <summary>Runs <paramref name="work"/> on the pipeline thread, as <see cref="OnPipelineThreadAsync{T}"/> does, for its effects.</summary>
        public Task OnPipelineThreadAsync(Action work) => OnPipelineThreadAsync(() =>
        {
            work();
            return true;
        });

        public void WriteObject(object? value) => Post(c => c.WriteObject(value));

        public void WriteError(ErrorRecord error) => Post(c => c.WriteError(error));

        // Messages quote what the engine saw (URIs, proxy settings, the SDK's words): each is redacted on its way out.
        public void WriteWarning(string message) => Post(c => c.WriteWarning(Redaction.Text(message)));

        public void WriteVerbose(string message) => Post(c => c.WriteVerbose(Redaction.Text(message)));

        public void WriteDebug(string message) => Post(c => c.WriteDebug(Redaction.Text(message)));

        /// <summary>
        /// A log message, already redacted by the log. Work that outlives its block (a credential still being found)
        /// may log after the block's queue closed: that message is dropped, not an error in work nobody waits for.
        /// </summary>
        internal void WriteLogged(Action<Cmdlet> write)
        {
            try
            {
                queue.Add(() => write(cmdlet));
            }
            catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
            {
            }
        }

        public void WriteProgress(ProgressRecord progress)
        {
            if (canShowProgress)
            {
                Post(c => c.WriteProgress(progress));
            }
        }

        private void Post(Action<Cmdlet> write)
        {
            try
            {
                queue.Add(() => write(cmdlet));
            }
            catch (InvalidOperationException)
            {
                // The block has completed or the pipeline is stopping: nothing can be written any more.
                throw new PipelineStoppedException();
            }
        }
    }
}
