"""The history checks of `verifiser`: tags, the archive's own journal and the working copy.

These compare the branch as a whole with what the archive promised: every event has its annotated
tag on the right commit (signed tags verify), nothing the journal recorded has left the branch or
moved, and the working copy still matches the archived state.
"""

from __future__ import annotations

from avtaleflyt.arkiv import arbeidskopi, gitlag, les, registerindeks, signering
from avtaleflyt.arkiv.journal import JOURNAL, Journal
from avtaleflyt.arkiv.verifiser_kontekst import Kontroll
from avtaleflyt.arkiv.verifiser_tagrad import sjekk_tagrader


def sjekk_tagger(kt: Kontroll, hendelser: list[les.ArkivertHendelse]) -> None:
    etter_tag = {e.tag: e for e in hendelser if e.tag and e.er_gyldig()}
    tagger = {t.navn: t for t in les.tagger(kt.repo, kt.avtale_id)}
    kt.tagger = list(tagger.values())
    i_grenen = {e.commit for e in hendelser}
    etter_commit = {e.commit: e for e in hendelser}
    for navn, t in sorted(tagger.items()):
        e = etter_tag.get(navn)
        if not t.annotert:
            kt.feil(
                f"refs/tags/{navn}",
                "ARKIV-TAG",
                f"Taggen {navn} er ikke annotert; arkivet lager bare annoterte tagger.",
            )
        pekt = etter_commit.get(t.commit)  # the same commit id is the same message
        peker = (pekt or les.tolk_hendelse(t.commit, _melding(kt, t.commit))).tag
        hva = f" (hendelsen {peker})" if peker and peker != navn else ""
        if e is None:
            kt.feil(
                f"refs/tags/{navn}",
                "ARKIV-TAG",
                f"Taggen {navn} peker på {t.commit[:12]}{hva}, men ingen hendelse i "
                f"grenen heter {navn}.",
            )
        elif e.commit != t.commit:
            kt.feil(
                f"refs/tags/{navn}",
                "ARKIV-TAG",
                f"Taggen {navn} peker på {t.commit[:12]}{hva}, men loggen sier hendelsen "
                f"er commit {e.commit[:12]}: taggen er flyttet.",
            )
        elif t.commit not in i_grenen:
            kt.feil(
                f"refs/tags/{navn}",
                "ARKIV-TAG",
                f"Taggen {navn} peker på {t.commit[:12]}, som ikke er i grenen.",
            )
    sjekk_signaturer(kt, list(tagger.values()))
    sjekk_tagrader(kt, list(tagger.values()))  # what `register` reads from the tags
    if kt.avtale_id is None and (avvik := registerindeks.kontroller(kt.repo)):  # and its cache
        kt.feil(f".git/avtaleflyt/{registerindeks.FIL}", "ARKIV-REGISTERINDEKS", avvik)
    for navn, e in sorted(etter_tag.items()):
        if navn not in tagger:
            kt.feil(
                e.commit,
                "ARKIV-TAG",
                f"Hendelsen {navn} (commit {e.commit[:12]}) har ingen tag.",
            )


def sjekk_signaturer(kt: Kontroll, tagger: list[les.ArkivTag]) -> None:
    """Signed tags are checked against the archive's allowed signers (a bad or unknown key is an
    error); where the archive signs, an unsigned tag is a warning (made before signing was set
    up, or by someone without the key); SSH-signed tags in a copy without allowed signers (a
    clone) are reported once as unchecked, with how to check them."""
    signerer = signering.er_konfigurert(kt.repo)
    tillatte = signering.tillatte_signerere(kt.repo)
    uten_liste: list[str] = []
    for t in tagger:
        ref = f"refs/tags/{t.navn}"
        if not t.signert:
            if signerer and t.annotert:
                kt.feil(
                    ref,
                    "ARKIV-USIGNERT",
                    f"Taggen {t.navn} er ikke signert, men arkivet signerer taggene sine "
                    "(git config user.signingkey): den er laget før signeringen ble satt opp, "
                    "eller av noen uten nøkkelen.",
                    alvor="advarsel",
                )
            continue
        ssh = b"-----BEGIN SSH SIGNATURE-----" in gitlag.objekt(kt.repo, t.objekt)[1]
        if ssh and (tillatte is None or not tillatte.is_file()):
            uten_liste.append(t.navn)
            continue
        grunn = signering.kontroller_tag(kt.repo, t.navn)
        if grunn is not None:
            kt.feil(
                ref,
                "ARKIV-SIGNATUR",
                f"Signaturen på taggen {t.navn} kan ikke bekreftes mot de godkjente nøklene"
                f"{f' ({tillatte})' if ssh else ''}: {grunn}.",
            )
    if uten_liste:
        hvor = f"{tillatte} finnes ikke" if tillatte is not None else "ingen er satt opp"
        kt.feil(
            f"refs/tags/{uten_liste[0]}",
            "ARKIV-SIGNATUR-UKONTROLLERT",
            f"{len(uten_liste)} tagger er SSH-signert, men listen over godkjente nøkler mangler "
            f"({hvor}), så signaturene er ikke kontrollert. Hent kommunens offentlige nøkkel og "
            "legg den inn: git config gpg.ssh.allowedSignersFile STI (se docs/arkiv.md).",
            alvor="advarsel",
        )


def _melding(kt: Kontroll, commit: str) -> str:
    typ, data = gitlag.objekt(kt.repo, commit)
    if typ != "commit":
        return ""
    return data.decode("utf-8", "replace").split("\n\n", 1)[-1]


def sjekk_journal(kt: Kontroll, hendelser: list[les.ArkivertHendelse]) -> None:
    journal = Journal(gitlag.git_dir(kt.repo) / "avtaleflyt" / JOURNAL)
    if not journal.finnes():
        return  # a clone or mirror: the tag and trailer checks still run
    try:
        poster = journal.poster()
    except ValueError as exc:
        kt.feil(str(journal.fil), "ARKIV-HISTORIKK", str(exc))
        return
    i_grenen = set(kt.repo.git.rev_list("HEAD").split())
    siste = journal.siste_hode()
    if siste and siste not in i_grenen:
        kt.feil(
            siste,
            "ARKIV-HISTORIKK",
            f"Commit {siste[:12]}, som arkivet skrev, er ikke lenger i grenen: "
            "historikken er skrevet om (amend, rebase eller force).",
        )
    for p in poster:
        if p.get("type") != "commit" or (kt.avtale_id and p.get("avtale_id") != kt.avtale_id):
            continue
        if p["commit"] != siste and p["commit"] not in i_grenen:
            kt.feil(
                p["commit"],
                "ARKIV-HISTORIKK",
                f"Commit {p['commit'][:12]} (hendelse {p['hendelse_id']}) er arkivert, men "
                "er ikke lenger i grenen: historikken er skrevet om.",
            )
    naa = gitlag.tags(kt.repo, f"refs/tags/{kt.avtale_id}/" if kt.avtale_id else "refs/tags/")
    for navn, objekt in sorted(journal.tags().items()):
        if kt.avtale_id and not navn.startswith(f"{kt.avtale_id}/"):
            continue
        faktisk = naa.get(navn)
        if faktisk is None:
            kt.feil(f"refs/tags/{navn}", "ARKIV-HISTORIKK", f"Taggen {navn} er slettet.")
        elif faktisk != objekt:
            kt.feil(
                f"refs/tags/{navn}",
                "ARKIV-HISTORIKK",
                f"Taggen {navn} er byttet ut: den var tag-objekt {objekt[:12]}, nå {faktisk[:12]}.",
            )
    kjente = set(journal.commits().values())
    grunnlag = next((p.get("hode") for p in poster if p.get("type") == "grunnlag"), None)
    for_journalen = set(kt.repo.git.rev_list(grunnlag).split()) if grunnlag else set()
    for e in hendelser:
        if e.commit in kjente or e.commit in for_journalen:
            continue
        kt.feil(
            e.commit,
            "ARKIV-HISTORIKK",
            f"Commit {e.commit[:12]} («{e.emne}») står ikke i arkivets journal: den er "
            "laget utenom avtaleflyt, eller arkiveringen ble avbrutt (kjør den på nytt).",
        )


def sjekk_arbeidskopi(kt: Kontroll) -> None:
    if kt.repo.bare:
        return
    endret = arbeidskopi.endringer_mot(kt.repo, gitlag.hode(kt.repo))
    if kt.avtale_id:
        endret = [s for s in endret if s.startswith(f"{kt.avtale_id}/")]
    for sti in endret:
        kt.feil(
            sti,
            "ARKIV-ARBEIDSKOPI",
            f"{sti} i arbeidskopien avviker fra det arkiverte (git status); "
            "det arkiverte er det som står i git-historikken.",
            alvor="advarsel",
        )


def sjekk_erstatninger(kt: Kontroll) -> None:
    """`git replace` refs and a grafts file make plain git show other objects under archived ids.

    The archive's own reads never follow them (`gitlag.apne`), so every other check sees what was
    archived; this reports that an auditor's plain `git log` or `git show` would not."""
    ut = kt.repo.git.for_each_ref("--format=%(refname) %(objectname)", "refs/replace/")
    for linje in ut.splitlines():
        ref, _, ny = linje.rpartition(" ")
        orig = ref.removeprefix("refs/replace/")
        kt.feil(
            ref,
            "ARKIV-ERSTATTET",
            f"{ref}: objektet {orig[:12]} vises som {ny[:12]} for vanlig git (git replace), så "
            "`git log` og `git show` viser en annen versjon enn den arkiverte. avtaleflyt leser "
            f"alltid originalen. Fjern erstatningen (git replace -d {orig[:12]}) og finn ut hvem "
            "som la den inn.",
        )
    grafts = gitlag.git_dir(kt.repo) / "info" / "grafts"
    if grafts.is_file() and grafts.read_bytes().strip():
        kt.feil(
            str(grafts),
            "ARKIV-ERSTATTET",
            "info/grafts gir commits andre foreldre for vanlig git, så `git log` viser en annen "
            "historikk enn den arkiverte. Fjern filen og finn ut hvem som la den inn.",
        )


def sjekk_gren(kt: Kontroll) -> bool:
    """False (with a finding) when there is no branch to check: an empty archive, a deleted
    branch or a detached HEAD."""
    grunn = gitlag.uten_gren(kt.repo)
    if grunn is not None:
        kt.feil("HEAD", grunn[0], grunn[1])
        return False
    if not kt.repo.git.symbolic_ref("-q", "HEAD", with_exceptions=False).strip():
        kt.feil(
            "HEAD",
            "ARKIV-GREN",
            "HEAD peker rett på en commit, ikke på arkivets gren: noen har sjekket ut en eldre "
            "tilstand. Kontrollen gjelder den; sett HEAD tilbake (git switch main).",
        )
    return True
