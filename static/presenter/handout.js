// The handout: every slide on the page at once, its pictures fitted to it.
import { fitEveryStep } from "./fit-images.js";

fitEveryStep(document.querySelector("[data-handout]"));
