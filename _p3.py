import time, tempfile, threading, sys
from translate import Translator
from ui.service import ModelService
from ui.limits import Limits
from ui.options import ModelSettings
t = Translator("ui/demo_model", engine="ctranslate2", device="cpu", engine_options={"ct2_dir": tempfile.mkdtemp()})
texts = [open(f"tests/data/seeds/{n}.txt").read() for n in ("000_38dde02481074d0c", "003_81dc408626ee1eb4")]
def run(svc, clients, rounds=2):
    outs = {}
    def client(i):
        for r in range(rounds):
            b = svc.brief(texts[(i + r) % 2])
            outs[(i, r)] = b.to_dict()
    ths = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    s = time.perf_counter()
    for th in ths: th.start()
    for th in ths: th.join()
    return time.perf_counter() - s, outs
ref = {i: ModelService(ModelSettings(), translator=t, gather_ms=0).brief(texts[i]).to_dict() for i in range(2)}
for conc, g in [(2, 0), (8, 0), (2, 5), (8, 5), (2,0), (8,5)]:
    svc = ModelService(ModelSettings(), Limits(concurrency=conc), translator=t, gather_ms=g)
    run(svc, 2, 1)
    d, outs = run(svc, 8)
    same = all(o == ref[(i + r) % 2] for (i, r), o in outs.items())
    eng = svc.translator().engine
    print(f"conc={conc} gather={g}: {d:.2f}s for 16 briefs; same={same}; calls={getattr(eng,'calls',None)}", flush=True)
    svc.close()
