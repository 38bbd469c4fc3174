"Fast checks of `load_model`'s refusals: each bad input fails at once with one line, before any weights are read."
import os, socket, time, shutil, pytest, torch
from actrm_lab.models import (load_model, tiny_model, check_device, check_dtype, check_model_folder, hub_reachable,
                              ModelNotAvailable)

def one_line(exc_info, *words):
    msg = str(exc_info.value)
    assert "\n" not in msg.strip(), msg
    for w in words: assert w in msg, (w, msg)
    return msg

def test_folder_without_anything(tmp_path):
    with pytest.raises(ModelNotAvailable) as e: load_model(str(tmp_path))
    msg = one_line(e, "not a model folder", "config.json", "*.safetensors", "tokenizer")
    assert "sentencepiece" not in msg

def test_folder_names_only_what_is_missing(tmp_path):
    (tmp_path / "config.json").write_text('{"model_type": "llama"}')
    (tmp_path / "tokenizer.json").write_text("{}")
    with pytest.raises(ModelNotAvailable) as e: load_model(tmp_path)
    msg = one_line(e, "no model weights (*.safetensors")
    assert "no config.json" not in msg and "tokenizer files" not in msg.split("A model folder")[0]
    (tmp_path / "model.safetensors").write_bytes(b"")
    assert check_model_folder(tmp_path) == tmp_path

def test_path_that_is_a_file_or_absent(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(ModelNotAvailable) as e: load_model(str(tmp_path / "f"))
    one_line(e, "is a file")
    with pytest.raises(ModelNotAvailable) as e: load_model(str(tmp_path / "missing" / "model"))
    one_line(e, "does not exist")

@pytest.fixture
def no_hub(monkeypatch):
    "HF_HUB_OFFLINE unset and the hub endpoint a closed local port: what a machine without network sees."
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    for k in ("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"): monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")

def test_unknown_name_without_hub_fails_fast(no_hub):
    t0 = time.time()
    with pytest.raises(ModelNotAvailable) as e: load_model("no-such-org/no-such-model-xyz")
    assert time.time() - t0 < 15, "must not retry the network"
    one_line(e, "'no-such-org/no-such-model-xyz' is not cached locally", "hub cannot be reached")

def test_unknown_name_offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelNotAvailable) as e: load_model("no-such-org/no-such-model-xyz")
    one_line(e, "is not cached locally", "HF_HUB_OFFLINE")

def test_hub_reachable(monkeypatch, no_hub):
    t0 = time.time()
    assert not hub_reachable(timeout=2.0) and time.time() - t0 < 3
    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0)); srv.listen()
        monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{srv.getsockname()[1]}")
        assert hub_reachable()
        monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
        monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{srv.getsockname()[1]}")
        assert hub_reachable(), "the proxy is what must be reachable"

@pytest.mark.parametrize("kw,words", [
    (dict(device="gpu0"), ["device 'gpu0' is not a torch device"]),
    (dict(device="meta"), ["only cpu, cuda[:N] and mps"]),
    (dict(dtype="float17"), ["dtype 'float17' is not a torch floating-point dtype"]),
    (dict(dtype="int8"), ["floating-point"]),
])
def test_bad_device_or_dtype(kw, words, monkeypatch):
    import actrm_lab.models as M
    monkeypatch.setattr(M, "embedded_model_dir", lambda *a, **k: pytest.fail("loaded before checking the arguments"))
    with pytest.raises(ValueError) as e: load_model(**kw)
    one_line(e, *words)

@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU")
def test_cuda_without_gpu():
    with pytest.raises(ValueError) as e: load_model(device="cuda")
    one_line(e, "no CUDA GPU")
    with pytest.raises(ValueError): check_device("cuda:0", "--device")

def test_checks_accept_good_values():
    assert check_device("cpu") == torch.device("cpu") and check_dtype(torch.bfloat16) is torch.bfloat16
    assert check_dtype("float16") is torch.float16
    with pytest.raises(ValueError, match="--dtype 'x'"): check_dtype("x", "--dtype")

def test_tiny_model_dtype():
    with pytest.raises(ValueError, match="float17"): tiny_model(dtype="float17")
    assert tiny_model(dtype="bfloat16").original_model.dtype == torch.bfloat16

def test_user_mistakes_are_actrm_errors_that_keep_their_cause():
    "Bad options and missing models are the library's own error types (still ValueError / RuntimeError), causes kept."
    from actrm_lab.errors import ActrmError, OptionError
    with pytest.raises(OptionError) as e: check_device("no-such-device", "--device")
    assert isinstance(e.value, ValueError) and e.value.__cause__ is not None        # torch's own parse error
    with pytest.raises(OptionError, match="--dtype 'float17'"): check_dtype("float17", "--dtype")
    assert issubclass(ModelNotAvailable, ActrmError) and issubclass(ModelNotAvailable, RuntimeError)
    with pytest.raises(ModelNotAvailable) as e: load_model("no-such-org/no-such-model-xyz", local_files_only=True)
    assert e.value.__cause__ is not None                                              # what transformers said
