"""Reads remark.js Markdown the way remark read it, to hold the app's steps against it."""

import re


def remark_steps(markdown):
    """Steps of a remark.js Markdown file, read the way remark reads them (FORMAT.md §7.2).

    Each step: its merged classes, its whole content so far, its background
    image and its notes (a continued step's notes follow the previous step's).
    """
    slides, in_fence = [[[]]], False
    for line in markdown.split("\n"):
        if line.startswith("```"):
            in_fence = not in_fence
        if not in_fence and line == "---":
            slides.append([[]])
        elif not in_fence and line == "--":
            slides[-1].append([])
        else:
            slides[-1][-1].append(line)
    result = []
    for steps in slides:
        previous = None
        for lines in steps:
            index, classes = 0, []
            background = previous["background"] if previous else None
            while index < len(lines):
                match = re.match(r"^([-\w]+):(.*)$", lines[index], re.ASCII)
                if lines[index] and not match:
                    break
                if match and match.group(1) == "class":
                    classes = [name for name in re.split(r"[\s,]+", match.group(2)) if name]
                if match and match.group(1) == "background-image":
                    background = re.search(r'images/([^"]+)"', match.group(2)).group(1)
                index += 1
            body, notes = [], None
            for line in lines[index:]:
                if line == "???":
                    notes = []
                elif notes is None:
                    body.append(line)
                else:
                    notes.append(line)
            step = {
                "classes": list(dict.fromkeys((previous["classes"] if previous else []) + classes)),
                "content": ((previous["content"] + "\n") if previous else "") + "\n".join(body),
                "background": background,
                "notes": "\n\n".join(part for part in ((previous or {}).get("notes", ""), "\n".join(notes or [])) if part),
            }
            result.append(step)
            previous = step
        result[-1]["last"] = True
    return result


def remark_step_images(step):
    """Image names a remark step shows, inline or as its background, sorted."""
    return sorted(re.findall(r"images/([^)\"\s]+)", step["content"]) + ([step["background"]] if step["background"] else []))


def shown_image_names(html):
    """Deck images a step's HTML shows or names as missing, sorted."""
    names = [src.rsplit("/", 1)[-1] for src in re.findall(r'<img [^>]*src="([^"]+)"', html)]
    names += re.findall(r'class="missing-image[^"]*"[^>]*>([^<]*)<', html)
    names += [url.rsplit("/", 1)[-1] for url in re.findall(r"background-image: url\(&quot;([^&]+)&quot;\)", html)]
    return sorted(names)
