/** Stylesheets are bundled as text (webpack `asset/source`) and put in a <style> by the pane. */
declare module '*.css' {
  const text: string;
  export default text;
}
